package dev.bootstrap.pki;

import dev.bootstrap.host.Host;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** kubeadm's {@code certs check-expiration}: every managed certificate and CA with its expiry. */
public record ExpirationReport(List<Entry> certificates, List<Entry> authorities) {

    /**
     * One row. For a missing file, {@code expirationDate} and {@code residual} are null.
     *
     * @param caName the signing CA for a certificate, null for a CA row
     * @param externallyManaged the CA's key is absent (for a certificate: its CA's)
     */
    public record Entry(String name, Instant expirationDate, Duration residual, String caName,
                        boolean externallyManaged, boolean missing) {
    }

    /** Reads the PKI under {@code certDir} and kubeconfig files under {@code kubeconfigDir} on a host. */
    public static ExpirationReport check(Host host, String certDir, String kubeconfigDir, boolean externalEtcd,
                                         Instant now) {
        NodeLayout layout = new NodeLayout(certDir);
        Map<String, Boolean> external = new HashMap<>();
        List<Entry> authorities = new ArrayList<>();
        for (CertSpec ca : ManagedCertificate.authorities(externalEtcd)) {
            PkiFile f = new PkiFile(host, layout, ca);
            boolean externallyManaged = f.exists(f.certPath()) && !f.exists(f.keyPath());
            external.put(ca.name(), externallyManaged);
            authorities.add(entry(ca.name(), f.readCertificate(), null, externallyManaged, now));
        }
        List<Entry> certificates = new ArrayList<>();
        for (ManagedCertificate m : ManagedCertificate.all(externalEtcd)) {
            Optional<X509Certificate> cert = m.inKubeconfig()
                    ? new KubeconfigClientCert(host, join(kubeconfigDir, m.kubeconfigFile())).read()
                    : new PkiFile(host, layout, m.spec()).readCertificate();
            if (cert.isEmpty() && m.optional()) {
                continue;
            }
            certificates.add(entry(m.name(), cert, m.caName(), external.getOrDefault(m.caName(), false), now));
        }
        return new ExpirationReport(certificates, authorities);
    }

    static String join(String dir, String file) {
        return (dir.endsWith("/") ? dir : dir + "/") + file;
    }

    private static Entry entry(String name, Optional<X509Certificate> cert, String caName, boolean external,
                               Instant now) {
        if (cert.isEmpty()) {
            return new Entry(name, null, null, caName, external, true);
        }
        Instant expires = cert.get().getNotAfter().toInstant();
        return new Entry(name, expires, Duration.between(now, expires), caName, external, false);
    }

    /** Go's duration.ShortHumanDuration, as kubeadm prints RESIDUAL TIME: 59s, 59m, 23h, 364d, 9y. */
    public static String shortDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        }
        if (seconds < 0) {
            return "0s";
        }
        if (seconds < 60) {
            return seconds + "s";
        }
        if (d.toMinutes() < 60) {
            return d.toMinutes() + "m";
        }
        long hours = d.toHours();
        if (hours < 24) {
            return hours + "h";
        }
        if (hours < 24 * 365) {
            return hours / 24 + "d";
        }
        return hours / 24 / 365 + "y";
    }
}
