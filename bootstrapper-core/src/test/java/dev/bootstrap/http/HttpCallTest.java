package dev.bootstrap.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsServer;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.TlsContexts;
import dev.bootstrap.testing.LocalHttps;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HttpCall against real local servers: the JDK's HttpsServer with certificates from our own PKI
 * classes (a CA and a serving certificate whose SANs each test chooses), a refused port, a listener
 * whose accept queue is full (connect timeout) and one that accepts and never says a word.
 */
@Timeout(60)
class HttpCallTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Duration SHORT = Duration.ofSeconds(1);

    private final CertificateAuthority ca = LocalHttps.ca("http-test-ca");
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    @Test
    void verifiedGetSendsHeadersAndReturnsTheBody() throws Exception {
        AtomicReference<String> auth = new AtomicReference<>();
        URI url = https(ca, "127.0.0.1", ex -> {
            auth.set(ex.getRequestHeaders().getFirst("Authorization"));
            LocalHttps.answer(ex, 200, "{\"kind\":\"ConfigMap\"}");
        });
        HttpCall.Response r = new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of("Authorization", "Bearer abc"));
        assertEquals(200, r.status());
        assertEquals("{\"kind\":\"ConfigMap\"}", r.body());
        assertEquals("Bearer abc", auth.get());
    }

    @Test
    void aServerSignedByAnotherCaFailsAsTls() throws Exception {
        URI url = https(LocalHttps.ca("someone-else"), "127.0.0.1", ex -> LocalHttps.answer(ex, 200, "ok"));
        SSLException e = assertThrows(SSLException.class, () -> new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of()));
        assertTrue(e.getMessage().contains("certification path"), e.getMessage());
    }

    /** The certificate names a node and another address, not 127.0.0.1, which the URL uses. */
    @Test
    void aHostNameTheCertificateDoesNotCoverFailsWhenVerifiedAndPassesUnverified() throws Exception {
        URI url = https(ca, "10.211.0.9", ex -> LocalHttps.answer(ex, 200, "ok"));
        SSLException e = assertThrows(SSLException.class, () -> new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of()));
        assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
        HttpCall.Response r = new HttpCall(UnverifiedTls.context(), SHORT, SHORT).get(url, Map.of());
        assertEquals(200, r.status());
        assertEquals("ok", r.body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aRefusedConnectionIsNotConnected(String scheme) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, LOOPBACK)) {
            port = s.getLocalPort();
        }
        URI url = URI.create(scheme + "://127.0.0.1:" + port + "/livez");
        HttpCall.NotConnected e = assertThrows(HttpCall.NotConnected.class,
                () -> new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of()));
        assertInstanceOf(ConnectException.class, e.getCause());
    }

    /** A listener whose accept queue is full drops the SYN: the connect timeout ends the call. */
    @Test
    void aConnectTimeoutIsNotConnected() throws Exception {
        ServerSocket full = new ServerSocket(0, 1, LOOPBACK);
        cleanup.add(full);
        boolean dropping = false;
        for (int i = 0; i < 10 && !dropping; i++) {
            Socket s = new Socket();
            cleanup.add(s);
            try {
                s.connect(new InetSocketAddress(LOOPBACK, full.getLocalPort()), 500);
            } catch (SocketTimeoutException expected) {
                dropping = true;
            }
        }
        assertTrue(dropping, "the kernel dropped a SYN once the accept queue was full");
        URI url = URI.create("https://127.0.0.1:" + full.getLocalPort() + "/livez");
        HttpCall.NotConnected e = assertThrows(HttpCall.NotConnected.class,
                () -> new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of()));
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
    }

    /** Connected, then silence: no HTTP answer, or for https no ServerHello. A read timeout, not "not connected". */
    @ParameterizedTest
    @ValueSource(strings = {"http", "https"})
    void aServerThatNeverAnswersEndsInAReadTimeout(String scheme) throws Exception {
        ServerSocket silent = new ServerSocket(0, 50, LOOPBACK);
        cleanup.add(silent);
        Thread acceptor = new Thread(() -> {
            try {
                while (true) {
                    Socket held = silent.accept();
                    synchronized (cleanup) {
                        cleanup.add(held);
                    }
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "silent-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        URI url = URI.create(scheme + "://127.0.0.1:" + silent.getLocalPort() + "/livez");
        IOException e = assertThrows(SocketTimeoutException.class,
                () -> new HttpCall(UnverifiedTls.context(), SHORT, SHORT).get(url, Map.of()));
        assertFalse(e instanceof HttpCall.NotConnected, e.toString());
    }

    @Test
    void anErrorStatusComesBackWithItsBody() throws Exception {
        URI url = https(ca, "127.0.0.1", ex -> LocalHttps.answer(ex, 500, "[-]etcd failed: reason withheld"));
        HttpCall.Response r = new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of());
        assertEquals(500, r.status());
        assertEquals("[-]etcd failed: reason withheld", r.body());
    }

    @Test
    void anErrorStatusWithoutABodyHasAnEmptyOne() throws Exception {
        URI url = https(ca, "127.0.0.1", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        HttpCall.Response r = new HttpCall(trusting(ca), SHORT, SHORT).get(url, Map.of());
        assertEquals(404, r.status());
        assertEquals("", r.body());
    }

    @Test
    void postSendsTheBodyWithItsContentType() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        URI url = https(ca, "127.0.0.1", ex -> {
            seen.set(ex.getRequestMethod() + " " + ex.getRequestHeaders().getFirst("Content-Type") + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            LocalHttps.answer(ex, 200, "{\"members\":[]}");
        });
        HttpCall.Response r = new HttpCall(trusting(ca), SHORT, SHORT).post(url,
                Map.of("Content-Type", "application/json"), "{\"peerURLs\":[\"https://10.211.0.3:2380\"],\"név\":1}");
        assertEquals(200, r.status());
        assertEquals("{\"members\":[]}", r.body());
        assertEquals("POST application/json {\"peerURLs\":[\"https://10.211.0.3:2380\"],\"név\":1}", seen.get());
    }

    /** etcd answers a refused member call with an error status and a JSON body; both come back. */
    @ParameterizedTest
    @ValueSource(ints = {400, 403, 500})
    void aPostsErrorStatusComesBackWithItsBody(int status) throws Exception {
        HttpCall.Response r = postAnswered(status);
        assertEquals(status, r.status());
        assertEquals("{\"error\":\"etcdserver: no such member\"}", r.body());
    }

    /** A POST is streamed (never resent by the JDK), and for a streamed request the JDK drops a 401's body. */
    @Test
    void aPostsUnauthorizedStatusComesBackWithoutItsBody() throws Exception {
        HttpCall.Response r = postAnswered(401);
        assertEquals(401, r.status());
        assertEquals("", r.body());
    }

    private HttpCall.Response postAnswered(int status) throws IOException {
        URI url = https(ca, "127.0.0.1", ex -> {
            ex.getRequestBody().readAllBytes();
            LocalHttps.answer(ex, status, "{\"error\":\"etcdserver: no such member\"}");
        });
        return new HttpCall(trusting(ca), SHORT, SHORT).post(url, Map.of("Content-Type", "application/json"), "{\"ID\":\"1\"}");
    }

    @Test
    void plainHttpNeedsNoContext() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, 0), 0);
        server.createContext("/", ex -> LocalHttps.answer(ex, 200, "ok"));
        server.start();
        cleanup.add(() -> server.stop(0));
        HttpCall.Response r = new HttpCall(null, SHORT, SHORT).get(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/healthz"), Map.of());
        assertEquals(200, r.status());
        assertEquals("ok", r.body());
    }

    private static SSLContext trusting(CertificateAuthority authority) {
        return TlsContexts.trusting(List.of(authority.certificate()));
    }

    private URI https(CertificateAuthority signer, String certifiedIp, HttpHandler handler) throws IOException {
        HttpsServer server = LocalHttps.start(signer, certifiedIp, handler);
        cleanup.add(() -> server.stop(0));
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/api/v1/namespaces/kube-public");
    }
}
