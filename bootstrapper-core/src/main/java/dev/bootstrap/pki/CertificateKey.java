package dev.bootstrap.pki;

import java.security.SecureRandom;
import java.util.HexFormat;

/** kubeadm's certificate key: 32 random bytes as hex, the AES-256 key for uploaded control-plane certs. */
public final class CertificateKey {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateKey() {
    }

    public static String generate() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return HexFormat.of().formatHex(key);
    }
}
