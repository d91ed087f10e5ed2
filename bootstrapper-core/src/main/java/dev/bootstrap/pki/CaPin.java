package dev.bootstrap.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The CA public-key pin of {@code --discovery-token-ca-cert-hash}: "sha256:" + lower-case hex of
 * SHA-256 over the CA's DER SubjectPublicKeyInfo. The only place the pin is computed.
 */
public final class CaPin {

    private static final String PREFIX = "sha256:";

    private CaPin() {
    }

    public static String of(X509Certificate ca) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(ca.getPublicKey().getEncoded());
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Whether {@code pin} ("sha256:<hex>", prefix case-insensitive, hex any case) pins this certificate. */
    public static boolean matches(String pin, X509Certificate ca) {
        if (pin == null) {
            return false;
        }
        String normalized = pin.strip().toLowerCase(Locale.ROOT);
        return normalized.startsWith(PREFIX) && normalized.equals(of(ca));
    }
}
