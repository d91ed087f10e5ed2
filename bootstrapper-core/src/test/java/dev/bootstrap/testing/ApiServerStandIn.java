package dev.bootstrap.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A STAND-IN for kube-apiserver: the fabric8 mock server in CRUD mode (plain HTTP on loopback), with
 * pod eviction under PodDisruptionBudgets ({@link EvictionDispatcher}), behind a TLS terminator that
 * serves our generated apiserver certificate and asks for (but does not require) client certificates
 * signed by our CA, as the real API server does. It records each
 * connection's decrypted request bytes and whether a client certificate was presented, so tests can
 * prove what a client sent. No real kube-apiserver can run on this machine.
 */
public final class ApiServerStandIn implements AutoCloseable {

    private final KubernetesMockServer mock;
    private final SSLServerSocket tls;
    private final List<Recording> connections = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> open = Collections.synchronizedList(new ArrayList<>());
    private final Thread acceptor;
    private volatile boolean closed;

    /** What one TLS connection carried. */
    public record Connection(String clientCertSubject, byte[] request) {
        public String requestText() {
            return new String(request, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * @param bind    address and port to serve TLS on (port 0 = any free port)
     * @param certPem serving certificate (apiserver.crt), keyPem its key, caPem the client CA (ca.crt)
     */
    public ApiServerStandIn(InetSocketAddress bind, byte[] certPem, byte[] keyPem, byte[] caPem) throws Exception {
        mock = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new EvictionDispatcher(new KubernetesCrudDispatcher()), false);
        mock.init(InetAddress.getLoopbackAddress(), 0);
        SSLContext ctx = serverContext(certPem, keyPem, caPem);
        tls = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
        tls.setReuseAddress(true);
        tls.bind(bind);
        tls.setWantClientAuth(true);
        acceptor = new Thread(this::acceptLoop, "standin-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return tls.getLocalPort();
    }

    public String url() {
        InetAddress a = tls.getInetAddress();
        String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** A client straight to the mock (no TLS), for tests to inspect and seed objects. */
    public KubernetesClient directClient() {
        return mock.createClient();
    }

    /**
     * Every connection so far, open or closed, with what it carried until now (clients such as
     * java.net.http keep connections open, so waiting for the close would miss them).
     */
    public List<Connection> connections() {
        synchronized (connections) {
            return connections.stream().map(Recording::snapshot).toList();
        }
    }

    /** A connection being recorded: the subject is known after the handshake, the bytes grow. */
    private static final class Recording {
        private volatile String subject;
        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Connection snapshot() {
            synchronized (seen) {
                return new Connection(subject, seen.toByteArray());
            }
        }
    }

    /**
     * Whether a connection matching {@code test} is recorded within {@code within}; connections are
     * recorded when they close, which a client with keep-alive does a little after its last request.
     */
    public boolean sawConnection(java.util.function.Predicate<Connection> test, java.time.Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (connections().stream().noneMatch(test)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SSLSocket client = (SSLSocket) tls.accept();
                open.add(client);
                Thread t = new Thread(() -> serve(client), "standin-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("stand-in accept failed: " + e);
                }
            }
        }
    }

    private void serve(SSLSocket client) {
        Recording recording = new Recording();
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), mock.getPort())) {
            open.add(upstream);
            client.startHandshake();
            try {
                Certificate[] peer = client.getSession().getPeerCertificates();
                recording.subject = ((X509Certificate) peer[0]).getSubjectX500Principal().getName();
            } catch (javax.net.ssl.SSLPeerUnverifiedException anonymous) {
                recording.subject = null;
            }
            connections.add(recording);
            Thread back = new Thread(() -> pump(upstreamIn(upstream), clientOut(client), null), "standin-back");
            back.setDaemon(true);
            back.start();
            pump(client.getInputStream(), upstream.getOutputStream(), recording.seen);
            back.join(5000);
        } catch (Exception e) {
            // a client that hangs up mid-handshake is normal for health probes (and rejects our certificate)
            if (!connections.contains(recording)) {
                connections.add(recording);
            }
        }
    }

    private static InputStream upstreamIn(Socket s) {
        try {
            return s.getInputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static OutputStream clientOut(Socket s) {
        try {
            return s.getOutputStream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void pump(InputStream in, OutputStream out, ByteArrayOutputStream copy) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (copy != null) {
                    // recorded before forwarding, so a test that saw the answer also sees the request
                    synchronized (copy) {
                        copy.write(buf, 0, n);
                    }
                }
                out.write(buf, 0, n);
                out.flush();
            }
            out.close();
        } catch (IOException ignored) {
            // either side closed: the connection is over
        }
    }

    static SSLContext serverContext(byte[] certPem, byte[] keyPem, byte[] caPem) throws Exception {
        return dev.bootstrap.pki.TlsContexts.withIdentity(List.of(readCert(caPem)), readCert(certPem), readKey(keyPem));
    }

    static X509Certificate readCert(byte[] pem) throws Exception {
        try (PEMParser p = new PEMParser(new StringReader(new String(pem)))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) p.readObject());
        }
    }

    static PrivateKey readKey(byte[] pem) throws Exception {
        try (PEMParser p = new PEMParser(new StringReader(new String(pem)))) {
            Object o = p.readObject();
            JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
            return o instanceof PEMKeyPair kp ? conv.getKeyPair(kp).getPrivate() : conv.getPrivateKey((PrivateKeyInfo) o);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            tls.close();
        } catch (IOException ignored) {
            // closing
        }
        synchronized (open) {
            open.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing
                }
            });
        }
        mock.destroy();
    }

    /** A free TCP port on loopback, for tests that need to know the port before binding. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
