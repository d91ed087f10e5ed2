package dev.bootstrap.pki;

import dev.bootstrap.host.Host;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The files of one PKI entry on a host, where {@link NodeLayout} puts them. Reads report a corrupt file
 * as an error naming host and path; a missing file is empty.
 */
public record PkiFile(Host host, NodeLayout layout, CertSpec spec) {

    /** File mode of private keys and sa.pub (kubeadm writes sa.pub with its key writer). */
    public static final int KEY_MODE = 0600;
    public static final int CERT_MODE = 0644;
    /** kubeadm's pkiutil.WriteCSR writes requests 0600. */
    public static final int CSR_MODE = 0600;
    public static final int DIR_MODE = 0755;

    /**
     * The mode kubeadm gives a PKI file it copies (e.g. from kubeadm-certs): its key writer's 0600 for
     * private and public keys (.key, .pub), 0644 for certificates.
     */
    public static int modeOf(String path) {
        return path.endsWith(".key") || path.endsWith(".pub") ? KEY_MODE : CERT_MODE;
    }

    public String certPath() {
        return layout.cert(spec);
    }

    public String keyPath() {
        return layout.key(spec);
    }

    public String publicKeyPath() {
        return layout.publicKey(spec);
    }

    public boolean exists(String path) {
        return host.stat(path).isPresent();
    }

    public Optional<X509Certificate> readCertificate() {
        return host.readFile(certPath()).map(b -> Pem.decodeCertificate(b, source(certPath())));
    }

    public Optional<PrivateKey> readKey() {
        return host.readFile(keyPath()).map(b -> Pem.decodePrivateKey(b, source(keyPath())));
    }

    public Optional<PublicKey> readPublicKey() {
        return host.readFile(publicKeyPath()).map(b -> Pem.decodePublicKey(b, source(publicKeyPath())));
    }

    private String source(String path) {
        return "[" + host.name() + "] " + path;
    }
}
