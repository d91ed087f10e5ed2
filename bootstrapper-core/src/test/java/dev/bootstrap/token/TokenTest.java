package dev.bootstrap.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenTest {

    private static final String CONTENT = "Hello from the other side. I must have called a thousand times.";
    private static final String HEADER = "eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9";

    /** cluster-bootstrap's published test vectors. */
    @Test
    void jwsMatchesClusterBootstrapVectors() {
        assertEquals(HEADER + "..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8",
                DetachedJws.sign(CONTENT, "joshua", "my voice is my passcode"));
        assertEquals(HEADER + "..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk",
                DetachedJws.sign("", "joshua", "my voice is my passcode"));
        assertEquals(HEADER + "..UfkqvDGiIFxrMnFseDj9LYJOLNrvjW8aHhF71mvvAs8",
                DetachedJws.sign(CONTENT, "joshua", ""));
        assertTrue(DetachedJws.verify(CONTENT, DetachedJws.sign(CONTENT, "joshua", "x"), "joshua", "x"));
        assertFalse(DetachedJws.verify(CONTENT + " ", DetachedJws.sign(CONTENT, "joshua", "x"), "joshua", "x"));
        assertFalse(DetachedJws.verify(CONTENT, DetachedJws.sign(CONTENT, "joshua", "x"), "joshua", "y"));
    }

    /** The signature equals an HMAC computed by openssl over the same signing input. */
    @Test
    void jwsEqualsAnIndependentOpensslHmac() throws Exception {
        Requirements.requireTool("openssl");
        BootstrapToken token = BootstrapToken.generate();
        String content = "apiVersion: v1\nclusters:\n- cluster:\n    server: https://10.211.0.11:6443\n  name: \"\"\n";
        String jws = DetachedJws.sign(content, token.id(), token.secret());
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString(("{\"alg\":\"HS256\",\"kid\":\"" + token.id() + "\"}").getBytes());
        String input = header + "." + b64.encodeToString(content.getBytes(StandardCharsets.UTF_8));
        Process p = new ProcessBuilder("openssl", "dgst", "-sha256", "-binary", "-mac", "HMAC", "-macopt",
                "key:" + token.secret()).start();
        p.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        byte[] mac = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(header + ".." + b64.encodeToString(mac), jws);
    }

    @Test
    void generatedTokensHaveKubeadmsFormatAndAreRandom() {
        Set<String> seen = new HashSet<>();
        int[] counts = new int[36];
        for (int i = 0; i < 2000; i++) {
            BootstrapToken t = BootstrapToken.generate();
            assertTrue(BootstrapToken.TOKEN.matcher(t.value()).matches(), t.value());
            assertTrue(seen.add(t.value()));
            for (char c : t.secret().toCharArray()) {
                counts["0123456789abcdefghijklmnopqrstuvwxyz".indexOf(c)]++;
            }
        }
        // 32000 characters over 36 symbols: each expected ~889; every symbol must occur often.
        for (int count : counts) {
            assertTrue(count > 600 && count < 1200, "skewed character distribution: " + count);
        }
    }

    @Test
    void parseErrorsNameTheFlagAndNeverEchoTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BootstrapToken.parse("abcdef.0123456789ABCDEF", "--token"));
        assertTrue(e.getMessage().startsWith("--token: "), e.getMessage());
        assertFalse(e.getMessage().contains("0123456789ABCDEF"));
        BootstrapToken t = BootstrapToken.parse("abcdef.0123456789abcdef", "--token");
        assertEquals("abcdef", t.id());
        assertEquals("abcdef.<redacted>", t.toString());
    }

    @Test
    void secretHasKubeadmsExactFields() {
        BootstrapToken t = BootstrapToken.parse("abcdef.0123456789abcdef", "--token");
        Instant now = Instant.parse("2026-11-22T10:00:00.123Z");
        Secret s = TokenSecrets.toSecret(TokenSpec.defaults(t, TokenSpec.INIT_DESCRIPTION), now);
        assertEquals("bootstrap-token-abcdef", s.getMetadata().getName());
        assertEquals("kube-system", s.getMetadata().getNamespace());
        assertEquals("bootstrap.kubernetes.io/token", s.getType());
        Map<String, String> expected = Map.of(
                "token-id", "abcdef",
                "token-secret", "0123456789abcdef",
                "description", "The default bootstrap token generated by 'kubeadm init'.",
                "expiration", "2026-11-23T10:00:00Z",
                "usage-bootstrap-signing", "true",
                "usage-bootstrap-authentication", "true",
                "auth-extra-groups", "system:bootstrappers:kubeadm:default-node-token");
        assertEquals(expected.keySet(), s.getData().keySet());
        expected.forEach((k, v) -> assertEquals(v, TokenSecrets.value(s, k).orElseThrow(), k));
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), TokenSecrets.expiration(s).orElseThrow());
    }

    @Test
    void zeroTtlNeverExpiresAndBadAttributesAreRejected() {
        BootstrapToken t = BootstrapToken.generate();
        Secret s = TokenSecrets.toSecret(new TokenSpec(t, Duration.ZERO, List.of("signing"), List.of(), ""), Instant.now());
        assertFalse(s.getData().containsKey("expiration"));
        assertFalse(s.getData().containsKey("description"));
        assertFalse(s.getData().containsKey("auth-extra-groups"));
        assertThrows(IllegalArgumentException.class,
                () -> new TokenSpec(t, Duration.ZERO, List.of("bogus"), List.of(), ""));
        IllegalArgumentException g = assertThrows(IllegalArgumentException.class,
                () -> new TokenSpec(t, Duration.ZERO, List.of(), List.of("system:masters"), ""));
        assertTrue(g.getMessage().startsWith("--groups"));
    }
}
