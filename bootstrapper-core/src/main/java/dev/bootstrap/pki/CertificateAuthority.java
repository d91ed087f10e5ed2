package dev.bootstrap.pki;

import dev.bootstrap.host.Host;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * A CA certificate with its private key: signs leaf certificates the way kubeadm does.
 *
 * <pre>
 * CertificateAuthority ca = CertificateAuthority.load(host, NodeLayout.DEFAULT, KubeadmCertificates.CA);
 * IssuedCertificate admin = ca.issue(
 *         CertRequest.client("kubernetes-admin", List.of("kubeadm:cluster-admins"), start, validity),
 *         KeyAlgorithm.RSA_2048);
 * </pre>
 */
public final class CertificateAuthority {

    private final X509Certificate certificate;
    private final PrivateKey key;
    private final X500Name subject;
    private final byte[] keyId;

    public CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
        try {
            this.subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        } catch (RuntimeException e) {
            throw new PkiException("unreadable CA subject: " + e.getMessage(), e);
        }
        this.keyId = X509Builder.subjectKeyId(certificate);
    }

    /** A new self-signed CA as kubeadm makes it: SAN DNS = CN, keyCertSign, CA:TRUE, SKI, no AKI. */
    public static CertificateAuthority selfSigned(String commonName, KeyPair keys, Instant start, Duration validity) {
        CertRequest request = new CertRequest(commonName, List.of(),
                AltNames.builder().dns(commonName).build(), Set.of(), start, validity);
        X509Certificate cert = X509Builder.build(request, true, keys.getPublic(), null, null, keys.getPrivate());
        return new CertificateAuthority(cert, keys.getPrivate());
    }

    /**
     * Loads the certificate and key of a CA row ({@link KubeadmCertificates#CA}, {@link KubeadmCertificates#ETCD_CA})
     * from a host. Both must exist, the certificate must be a CA and the key must belong to it.
     */
    public static CertificateAuthority load(Host host, NodeLayout layout, CertSpec spec) {
        PkiFile files = new PkiFile(host, layout, spec);
        X509Certificate cert = files.readCertificate()
                .orElseThrow(() -> PkiException.file(host, files.certPath(), "CA certificate not found"));
        PrivateKey key = files.readKey()
                .orElseThrow(() -> PkiException.file(host, files.keyPath(), "CA private key not found"));
        return checked(files, cert, key);
    }

    static CertificateAuthority checked(PkiFile files, X509Certificate cert, PrivateKey key) {
        if (cert.getBasicConstraints() < 0) {
            throw PkiException.file(files.host(), files.certPath(), "not a CA certificate (BasicConstraints CA:FALSE)");
        }
        if (!keyMatches(key, cert.getPublicKey())) {
            throw PkiException.file(files.host(), files.keyPath(), "private key does not belong to " + files.certPath());
        }
        return new CertificateAuthority(cert, key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey key() {
        return key;
    }

    /** The discovery pin of this CA ("sha256:<hex>"). */
    public String pin() {
        return CaPin.of(certificate);
    }

    /** Signs a certificate for an existing public key (keys may be generated ahead, in parallel). */
    public X509Certificate issue(CertRequest request, PublicKey subjectKey) {
        return X509Builder.build(request, false, subjectKey, subject, keyId, key);
    }

    /** Generates a new key with {@code algorithm} and signs a certificate for it. */
    public IssuedCertificate issue(CertRequest request, KeyAlgorithm algorithm) {
        KeyPair keys = algorithm.generate();
        return new IssuedCertificate(issue(request, keys.getPublic()), keys.getPrivate());
    }

    /** Whether {@code cert} was issued by {@code ca}: issuer name matches and its signature verifies. */
    static boolean signedBy(X509Certificate cert, X509Certificate ca) {
        if (!cert.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            cert.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Whether a private key belongs to a public key: a signature made with one verifies with the other. */
    static boolean keyMatches(PrivateKey privateKey, PublicKey publicKey) {
        if (!family(privateKey.getAlgorithm()).equals(family(publicKey.getAlgorithm()))) {
            return false;
        }
        try {
            byte[] probe = "bootstrap key match probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            String algorithm = KeyAlgorithm.signatureAlgorithm(privateKey);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] sig = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(sig);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Once BouncyCastle is a registered provider (sshj registers it), PEM EC keys come back as
     * "ECDSA" while certificates' keys stay "EC": the same family.
     */
    private static String family(String keyAlgorithm) {
        return "ECDSA".equals(keyAlgorithm) ? "EC" : keyAlgorithm;
    }

    @Override
    public String toString() {
        return "CA " + certificate.getSubjectX500Principal().getName();
    }
}
