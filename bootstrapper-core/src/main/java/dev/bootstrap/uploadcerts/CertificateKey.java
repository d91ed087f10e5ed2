package dev.bootstrap.uploadcerts;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key that encrypts the kubeadm-certs Secret: 32 random bytes, shown as 64 hex characters.
 * {@link #toString()} hides it; {@link #hex()} is for the one place that prints it.
 */
public final class CertificateKey {

    private final byte[] bytes;

    private CertificateKey(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    public static CertificateKey generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new CertificateKey(b);
    }

    /** Parses a user-given key; {@code where} names the flag for the error (the value is not repeated). */
    public static CertificateKey parse(String hex, String where) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException(where + ": a certificate key is 64 hex characters (32 bytes); "
                    + "make one with 'bootstrap certs certificate-key'");
        }
        return new CertificateKey(HexFormat.of().parseHex(hex));
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "<certificate key redacted>";
    }
}
