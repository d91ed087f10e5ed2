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

/**
 * kubeadm's {@code certs renew}: re-issues a managed certificate from its local CA with the CN, O,
 * SANs and extended key usages of the existing certificate and a new key. CAs are never renewed;
 * certificates of an externally managed CA (key absent) are skipped.
 */
public final class CertRenewer {

    public enum Action { RENEWED, MISSING, SKIPPED_EXTERNAL_CA }

    public record Outcome(String name, Action action, String file) {
    }

    private final Host host;
    private final NodeLayout layout;
    private final String kubeconfigDir;

    public CertRenewer(Host host, String certDir, String kubeconfigDir) {
        this.host = host;
        this.layout = new NodeLayout(certDir);
        this.kubeconfigDir = kubeconfigDir;
    }

    /**
     * Renews "all" or one managed certificate.
     *
     * @param algorithm the algorithm of the new keys, or null to keep each existing key's algorithm
     */
    public List<Outcome> renew(String nameOrAll, KeyAlgorithm algorithm, Duration validity, Instant start,
                               boolean externalEtcd) {
        List<ManagedCertificate> targets = targets(nameOrAll, externalEtcd);
        Map<String, Optional<CertificateAuthority>> cas = new HashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (ManagedCertificate m : targets) {
            Optional<CertificateAuthority> ca = cas.computeIfAbsent(m.caName(), this::localCa);
            Outcome outcome = renewOne(m, ca, algorithm, validity, start);
            if (!(outcome.action() == Action.MISSING && m.optional() && targets.size() > 1)) {
                outcomes.add(outcome); // an absent super-admin.conf is not a finding of "renew all"
            }
        }
        return outcomes;
    }

    private List<ManagedCertificate> targets(String nameOrAll, boolean externalEtcd) {
        List<ManagedCertificate> all = ManagedCertificate.all(externalEtcd);
        if ("all".equals(nameOrAll)) {
            return all;
        }
        if (KubeadmCertificates.names().contains(nameOrAll) && !KubeadmCertificates.byName(nameOrAll).isLeaf()) {
            throw new PkiException("\"" + nameOrAll + "\" is not renewable: certificate authorities and the sa key "
                    + "are never renewed");
        }
        return all.stream().filter(m -> m.name().equals(nameOrAll)).findFirst().map(List::of)
                .orElseThrow(() -> new PkiException("unknown certificate \"" + nameOrAll + "\"; expected all or one of "
                        + String.join(", ", all.stream().map(ManagedCertificate::name).toList())));
    }

    /** The CA with its key, or empty when the key is absent (externally managed). */
    private Optional<CertificateAuthority> localCa(String caName) {
        CertSpec spec = KubeadmCertificates.byName(caName);
        PkiFile f = new PkiFile(host, layout, spec);
        if (!f.exists(f.keyPath())) {
            return Optional.empty();
        }
        return Optional.of(CertificateAuthority.load(host, layout, spec));
    }

    private Outcome renewOne(ManagedCertificate m, Optional<CertificateAuthority> ca, KeyAlgorithm algorithm,
                             Duration validity, Instant start) {
        KubeconfigClientCert kubeconfig = m.inKubeconfig()
                ? new KubeconfigClientCert(host, ExpirationReport.join(kubeconfigDir, m.kubeconfigFile())) : null;
        PkiFile files = m.inKubeconfig() ? null : new PkiFile(host, layout, m.spec());
        String shown = m.inKubeconfig() ? kubeconfig.path() : files.certPath();
        Optional<X509Certificate> existing = m.inKubeconfig() ? kubeconfig.read() : files.readCertificate();
        if (existing.isEmpty()) {
            return new Outcome(m.name(), Action.MISSING, shown);
        }
        if (ca.isEmpty()) {
            return new Outcome(m.name(), Action.SKIPPED_EXTERNAL_CA, shown);
        }
        X509Certificate old = existing.get();
        CertRequest request = new CertRequest(Certificates.commonName(old), Certificates.organizations(old),
                Certificates.altNames(old), Certificates.extKeyUsages(old), start, validity);
        IssuedCertificate issued = ca.get().issue(request, algorithm != null ? algorithm : algorithmOf(old));
        if (m.inKubeconfig()) {
            kubeconfig.replace(issued);
        } else {
            // Two files cannot change in one step: if the certificate write fails, the old key goes back.
            Optional<byte[]> oldKey = host.readFile(files.keyPath());
            host.writeFile(files.keyPath(), issued.keyPem(), PkiFile.KEY_MODE);
            try {
                host.writeFile(files.certPath(), issued.certificatePem(), PkiFile.CERT_MODE);
            } catch (RuntimeException e) {
                oldKey.ifPresent(k -> host.writeFile(files.keyPath(), k, PkiFile.KEY_MODE));
                throw e;
            }
        }
        return new Outcome(m.name(), Action.RENEWED, shown);
    }

    /** The algorithm of an existing certificate's key, so renewal without configuration keeps it. */
    static KeyAlgorithm algorithmOf(X509Certificate cert) {
        if (cert.getPublicKey() instanceof java.security.interfaces.RSAPublicKey rsa) {
            int bits = rsa.getModulus().bitLength();
            return bits > 3072 ? KeyAlgorithm.RSA_4096 : bits > 2048 ? KeyAlgorithm.RSA_3072 : KeyAlgorithm.RSA_2048;
        }
        if (cert.getPublicKey() instanceof java.security.interfaces.ECPublicKey ec) {
            return ec.getParams().getOrder().bitLength() > 256 ? KeyAlgorithm.ECDSA_P384 : KeyAlgorithm.ECDSA_P256;
        }
        throw new PkiException("unsupported key algorithm " + cert.getPublicKey().getAlgorithm() + " in "
                + cert.getSubjectX500Principal());
    }
}
