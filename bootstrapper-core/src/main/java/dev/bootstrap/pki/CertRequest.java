package dev.bootstrap.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a leaf certificate says: subject (CN and O only, as kubeadm), SANs, extended key usages and
 * its validity window. The window is kubeadm's: NotBefore = start - 5 minutes, NotAfter = start + validity.
 */
public record CertRequest(String commonName, List<String> organizations, AltNames altNames,
                          Set<ExtKeyUsage> usages, Instant start, Duration validity) {

    /** kubeadm's CertificateBackdate. */
    public static final Duration BACKDATE = Duration.ofMinutes(5);

    public CertRequest {
        if (commonName == null || commonName.isEmpty()) {
            throw new PkiException("a certificate needs a common name");
        }
        if (validity == null || validity.isNegative() || validity.isZero()) {
            throw new PkiException("certificate validity must be positive, got " + validity);
        }
        organizations = List.copyOf(organizations);
        usages = usages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(usages));
    }

    /**
     * A client certificate (clientAuth, no SANs), e.g. for a kubeconfig:
     * {@code CertRequest.client("kubernetes-admin", List.of("kubeadm:cluster-admins"), start, validity)}.
     */
    public static CertRequest client(String commonName, List<String> organizations, Instant start, Duration validity) {
        return new CertRequest(commonName, organizations, AltNames.NONE, Set.of(ExtKeyUsage.CLIENT_AUTH), start, validity);
    }

    public Instant notBefore() {
        return start.minus(BACKDATE);
    }

    public Instant notAfter() {
        return start.plus(validity);
    }
}
