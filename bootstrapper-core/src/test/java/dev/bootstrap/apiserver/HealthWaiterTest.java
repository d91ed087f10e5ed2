package dev.bootstrap.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.bootstrap.http.UnverifiedTls;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealthWaiterTest {

    private static final String CRI = "unix:///run/k3s/containerd/containerd.sock";

    @Test
    void passesOnceTheEndpointAnswers200() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/healthz", ex -> {
            int n = calls.incrementAndGet();
            byte[] body = (n < 3 ? "[-]etcd failed" : "ok").getBytes();
            ex.sendResponseHeaders(n < 3 ? 500 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            List<String> progress = new ArrayList<>();
            new HealthWaiter(null).await("node1", CRI, List.of(new HealthWaiter.Endpoint("kubelet",
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/healthz"))),
                    Duration.ofSeconds(30), progress::add);
            assertEquals(3, calls.get());
            assertTrue(progress.get(0).startsWith("kubelet is healthy"), progress.toString());
        } finally {
            server.stop(0);
        }
    }

    /** A TLS server with our generated apiserver certificate answers 500, then 200: the wait passes. */
    @Test
    void passesOverTlsOnceTheServerAnswers200(@org.junit.jupiter.api.io.TempDir java.nio.file.Path root) throws Exception {
        dev.bootstrap.host.LocalHost host = new dev.bootstrap.host.LocalHost("n1", root);
        dev.bootstrap.pki.PkiConfig pki = dev.bootstrap.pki.PkiConfig.defaults("node1", "127.0.0.1");
        new dev.bootstrap.pki.PkiGenerator(host).generate(pki, dev.bootstrap.pki.KubeadmCertificates.forConfig(pki));
        var cert = dev.bootstrap.pki.Pem.decodeCertificate(host.readFile("/etc/kubernetes/pki/apiserver.crt").orElseThrow(), "crt");
        var key = dev.bootstrap.pki.Pem.decodePrivateKey(host.readFile("/etc/kubernetes/pki/apiserver.key").orElseThrow(), "key");
        var ca = dev.bootstrap.pki.Pem.decodeCertificate(host.readFile("/etc/kubernetes/pki/ca.crt").orElseThrow(), "ca");
        com.sun.net.httpserver.HttpsServer server = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(
                dev.bootstrap.pki.TlsContexts.withIdentity(List.of(ca), cert, key)));
        AtomicInteger calls = new AtomicInteger();
        server.createContext("/livez", ex -> {
            int status = calls.incrementAndGet() == 1 ? 500 : 200;
            ex.sendResponseHeaders(status, -1);
            ex.close();
        });
        server.start();
        try {
            List<String> progress = new ArrayList<>();
            new HealthWaiter(UnverifiedTls.context()).await("node1", CRI, List.of(new HealthWaiter.Endpoint("kube-apiserver",
                    URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/livez"))),
                    Duration.ofSeconds(30), progress::add);
            assertEquals(2, calls.get());
            assertTrue(progress.get(0).startsWith("kube-apiserver is healthy"), progress.toString());
        } finally {
            server.stop(0);
        }
    }

    /** Unverified polling (kubeadm's) accepts a certificate that does not name the address polled. */
    @Test
    void unverifiedPollingAcceptsACertificateForAnotherAddress() throws Exception {
        com.sun.net.httpserver.HttpsServer server = dev.bootstrap.testing.LocalHttps.start(
                dev.bootstrap.testing.LocalHttps.ca("ca"), "10.211.0.9", ex -> dev.bootstrap.testing.LocalHttps.answer(ex, 200, "ok"));
        try {
            List<String> progress = new ArrayList<>();
            new HealthWaiter(UnverifiedTls.context()).await("node1", CRI, List.of(new HealthWaiter.Endpoint("kube-apiserver",
                    URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/livez"))),
                    Duration.ofSeconds(30), progress::add);
            assertTrue(progress.get(0).startsWith("kube-apiserver is healthy"), progress.toString());
        } finally {
            server.stop(0);
        }
    }

    /** An endpoint that keeps answering 500: the timeout's diagnostics carry its status and body. */
    @Test
    void anUnhealthyAnswerIsReportedWithItsBody() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/livez", ex -> dev.bootstrap.testing.LocalHttps.answer(ex, 500, "[-]etcd failed: reason withheld\n"));
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/livez");
            ControlPlaneTimeoutException e = assertThrows(ControlPlaneTimeoutException.class, () -> new HealthWaiter(null)
                    .await("node1", CRI, List.of(new HealthWaiter.Endpoint("kube-apiserver", url)), Duration.ofSeconds(1), s -> { }));
            assertTrue(e.getMessage().contains("kube-apiserver (" + url + "): HTTP 500: [-]etcd failed: reason withheld"),
                    e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /** Nothing listens: the wait ends at the timeout with the diagnostics, backing off between polls. */
    @Test
    void failsAtTheTimeoutWithDiagnosticsAndWithoutABusyLoop() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<Duration> sleeps = new ArrayList<>();
        HealthWaiter waiter = new HealthWaiter(null, d -> {
            sleeps.add(d);
            Thread.sleep(d.toMillis());
        });
        long start = System.nanoTime();
        ControlPlaneTimeoutException e = assertThrows(ControlPlaneTimeoutException.class, () -> waiter.await("node1", CRI,
                List.of(new HealthWaiter.Endpoint("kube-apiserver", URI.create("http://127.0.0.1:" + port + "/livez"))),
                Duration.ofSeconds(3), s -> { }));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.toMillis() >= 3000, "waited the whole timeout: " + took);
        assertTrue(sleeps.size() <= 6, "backs off instead of spinning: " + sleeps);
        assertTrue(sleeps.get(1).compareTo(sleeps.get(0)) > 0, "delays grow: " + sleeps);
        String m = e.getMessage();
        assertTrue(m.startsWith("[node1] the control plane did not become healthy within 3s"), m);
        assertTrue(m.contains("kube-apiserver (http://127.0.0.1:" + port + "/livez): ConnectException"), m);
        assertTrue(m.contains("cgroup driver") && m.contains("--image-repository") && m.contains("swap")
                && m.contains("journalctl -xeu kubelet"), m);
        assertTrue(m.contains("crictl --runtime-endpoint " + CRI + " ps -a"), "the node's CRI socket, not a default: " + m);
    }

    /**
     * A server that accepts connections and never says a word: plain HTTP gets no response, HTTPS no
     * ServerHello. The wait still ends at the timeout with the diagnostics, and each poll waits for
     * its answer instead of reconnecting in a loop (connections counted, not time measured).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"http", "https"})
    @org.junit.jupiter.api.Timeout(60)
    void aServerThatNeverAnswersFailsAtTheTimeoutWithoutABusyLoop(String scheme) throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        List<java.net.Socket> held = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept());
                        accepted.incrementAndGet();
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            }, "silent-accept");
            acceptor.setDaemon(true);
            acceptor.start();
            List<Duration> sleeps = new ArrayList<>();
            HealthWaiter waiter = new HealthWaiter(UnverifiedTls.context(), d -> {
                sleeps.add(d);
                Thread.sleep(d.toMillis());
            });
            URI url = URI.create(scheme + "://127.0.0.1:" + silent.getLocalPort() + "/livez");
            long start = System.nanoTime();
            ControlPlaneTimeoutException e = assertThrows(ControlPlaneTimeoutException.class, () -> waiter.await("node1",
                    CRI, List.of(new HealthWaiter.Endpoint("kube-apiserver", url)), Duration.ofSeconds(3), s -> { }));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 3000, "gave up before the timeout");
            assertTrue(accepted.get() >= 1 && accepted.get() <= 3, "polls wait for an answer: " + accepted.get()
                    + " connections, sleeps " + sleeps);
            assertTrue(sleeps.size() <= 2, "no spinning between polls: " + sleeps);
            String m = e.getMessage();
            assertTrue(m.startsWith("[node1] the control plane did not become healthy within 3s"), m);
            assertTrue(m.contains("kube-apiserver (" + url + "): "), m);
            assertTrue(m.contains("timed out") || m.contains("no answer within"), "says it got no answer: " + m);
            assertTrue(m.contains("journalctl -xeu kubelet") && m.contains("crictl --runtime-endpoint " + CRI), m);
        } finally {
            synchronized (held) {
                for (java.net.Socket s : held) {
                    s.close();
                }
            }
        }
    }
}
