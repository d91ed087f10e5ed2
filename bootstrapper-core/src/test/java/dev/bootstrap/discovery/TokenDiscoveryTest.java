package dev.bootstrap.discovery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.pki.CaPin;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.JoinableStandInCluster;
import dev.bootstrap.token.BootstrapToken;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Token discovery against the API server STAND-IN, with cluster-info, its JWS and the token
 * written by our own API-side code, and TLS served with our generated apiserver certificate.
 */
class TokenDiscoveryTest {

    @TempDir
    static Path dir;
    private static JoinableStandInCluster cluster;
    private final List<String> progress = new ArrayList<>();
    private int before;

    @BeforeAll
    static void start() throws Exception {
        cluster = JoinableStandInCluster.start(dir, "127.0.0.1", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    @BeforeEach
    void mark() {
        before = cluster.server().connections().size();
    }

    /** The connections this test made. */
    private List<ApiServerStandIn.Connection> connections() {
        List<ApiServerStandIn.Connection> all = cluster.server().connections();
        return all.subList(before, all.size());
    }

    private TokenDiscovery discovery() {
        return new TokenDiscovery(Duration.ofMillis(20), Duration.ofMillis(100), progress::add);
    }

    private DiscoveryException failure(BootstrapToken token, List<String> pins) {
        return assertThrows(DiscoveryException.class,
                () -> discovery().discover(cluster.endpoint(), token, pins, false));
    }

    @Test
    void learnsServerAndCaWhenSignatureAndPinVerify() throws Exception {
        TokenDiscovery.Result result = discovery().discover(cluster.endpoint(), cluster.token(),
                List.of(cluster.pin()), false);
        assertEquals(cluster.server().url(), result.server());
        assertArrayEquals(cluster.caPem(), result.caPem());
        assertTrue(progress.get(progress.size() - 1).contains("signature and CA pin verified"), progress.toString());
        assertEquals(2, connections().size(), "one unverified and one verified fetch");
        assertNothingSecretSent();
    }

    @Test
    void anyMatchingPinOfSeveralIsEnough() throws Exception {
        String other = CaPin.of(otherCa().certificate());
        assertArrayEquals(cluster.caPem(), discovery().discover(cluster.endpoint(), cluster.token(),
                List.of(other, cluster.pin().toUpperCase().replace("SHA256", "sha256")), false).caPem());
    }

    @Test
    void aWrongTokenSecretFailsTheSignatureCheck() {
        BootstrapToken wrong = new BootstrapToken(cluster.token().id(), "0123456789abcdef");
        DiscoveryException e = failure(wrong, List.of(cluster.pin()));
        assertEquals(DiscoveryException.Reason.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().startsWith("failed to verify the JWS signature of cluster-info with token id \""
                + wrong.id() + "\""), e.getMessage());
        assertFalse(e.getMessage().contains(wrong.secret()), "the secret is never in a message");
        assertEquals(1, connections().size(), "no verified fetch after a bad signature");
        assertNothingSecretSent(wrong);
    }

    @Test
    void aTokenIdWithoutSignatureIsInvalidOrExpiredAfterWaiting() {
        BootstrapToken unknown = BootstrapToken.generate();
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> new TokenDiscovery(Duration.ofMillis(20),
                Duration.ofSeconds(1), progress::add).discover(cluster.endpoint(), unknown, List.of(cluster.pin()), false));
        assertEquals(DiscoveryException.Reason.NO_SIGNATURE, e.reason());
        assertTrue(e.getMessage().startsWith("token id \"" + unknown.id()
                + "\" is invalid for this cluster or it has expired"), e.getMessage());
        assertTrue(e.getMessage().contains("jws-kubeconfig-" + unknown.id()), e.getMessage());
        assertTrue(connections().size() >= 2, "it looked again before giving up");
        assertTrue(progress.stream().anyMatch(p -> p.contains("no signature for token id")), progress.toString());
    }

    @Test
    void aPinMismatchNamesBothPinsAndStopsBeforeAnyOtherRequest() throws Exception {
        String expected = CaPin.of(otherCa().certificate());
        DiscoveryException e = failure(cluster.token(), List.of(expected));
        assertEquals(DiscoveryException.Reason.PIN_MISMATCH, e.reason());
        assertTrue(e.getMessage().contains("expected " + expected), e.getMessage());
        assertTrue(e.getMessage().contains(" has " + cluster.pin()), e.getMessage());
        assertEquals(1, connections().size(), "no second request after a pin mismatch");
        assertNothingSecretSent();
    }

    @Test
    void anUnreachableEndpointSaysSo() throws Exception {
        String endpoint = "127.0.0.1:" + ApiServerStandIn.freePort();
        DiscoveryException e = assertThrows(DiscoveryException.class,
                () -> discovery().discover(endpoint, cluster.token(), List.of(cluster.pin()), false));
        assertEquals(DiscoveryException.Reason.UNREACHABLE, e.reason());
        assertTrue(e.getMessage().startsWith("cannot reach the API server at " + endpoint), e.getMessage());
    }

    @Test
    void aServerCertificateWithoutTheEndpointAddressFailsTheVerifiedFetch(@TempDir Path other) throws Exception {
        // Our CA, but the serving certificate was made for another address than the one joined.
        try (JoinableStandInCluster elsewhere = JoinableStandInCluster.start(other, "127.0.0.1", "10.211.0.250")) {
            DiscoveryException e = assertThrows(DiscoveryException.class, () -> discovery()
                    .discover(elsewhere.endpoint(), elsewhere.token(), List.of(elsewhere.pin()), false));
            assertEquals(DiscoveryException.Reason.TLS, e.reason());
            assertTrue(e.getMessage().startsWith("TLS with " + elsewhere.endpoint()
                    + " failed (verifying the server against the pinned CA)"), e.getMessage());
            long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (elsewhere.server().connections().size() < 2 && System.nanoTime() < until) {
                Thread.sleep(10); // the server notes a refused handshake just after the client gives up
            }
            assertEquals(2, elsewhere.server().connections().size(), "the pinned fetch was tried");
        }
    }

    @Test
    void skippingCaVerificationStillChecksTheSignatureButNeedsNoPin() throws Exception {
        assertEquals(cluster.server().url(), discovery().discover(cluster.endpoint(), cluster.token(), List.of(), true)
                .server());
        assertEquals(1, connections().size());
        assertThrows(IllegalArgumentException.class,
                () -> discovery().discover(cluster.endpoint(), cluster.token(), List.of(), false));
    }

    private void assertNothingSecretSent() {
        assertNothingSecretSent(cluster.token());
    }

    private void assertNothingSecretSent(BootstrapToken token) {
        for (ApiServerStandIn.Connection c : connections()) {
            String request = c.requestText();
            assertTrue(request.startsWith("GET /api/v1/namespaces/kube-public/configmaps/cluster-info "), request);
            assertFalse(request.toLowerCase().contains("authorization:"), request);
            assertFalse(request.contains(token.secret()), "the token secret was sent: " + request);
            assertFalse(request.contains(token.value()), request);
            assertNull(c.clientCertSubject(), "no client certificate");
        }
    }

    private static CertificateAuthority otherCa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return CertificateAuthority.selfSigned("other", g.generateKeyPair(), Instant.now(), Duration.ofDays(1));
    }
}
