package dev.bootstrap.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The detached JWS that signs cluster-info for a token ({@code jws-kubeconfig-<id>}), as
 * cluster-bootstrap computes it: HS256 over {@code b64(header) "." b64(content)} keyed by the token
 * secret, stored as {@code header..signature} (payload elided).
 */
public final class DetachedJws {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private DetachedJws() {
    }

    public static String sign(String content, String tokenId, String tokenSecret) {
        String header = B64.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + tokenId + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        String payload = B64.encodeToString(content.getBytes(StandardCharsets.UTF_8));
        return header + ".." + B64.encodeToString(hmac(tokenSecret, header + "." + payload));
    }

    /** True when {@code jws} is the signature of {@code content} for this token (constant-time compare). */
    public static boolean verify(String content, String jws, String tokenId, String tokenSecret) {
        byte[] expected = sign(content, tokenId, tokenSecret).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, jws.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] hmac(String secret, String signingInput) {
        // Go pads the key to 32 bytes; HMAC pads keys to its 64-byte block with zeros anyway, so
        // padding here gives the same MAC and lets an empty secret through SecretKeySpec.
        byte[] key = Arrays.copyOf(secret.getBytes(StandardCharsets.UTF_8),
                Math.max(32, secret.getBytes(StandardCharsets.UTF_8).length));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
