package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real TLS server on apiserver.crt/key that requires client certificates from ca.crt, as
 * kube-apiserver does: it accepts apiserver-kubelet-client and rejects front-proxy-client (other CA).
 * The client checks the server against ca.crt and its IP SAN.
 */
class TlsHandshakeTest {

    @TempDir
    static Path rootfs;
    static PkiFixture pki;

    @BeforeAll
    static void generate() {
        PkiConfig config = PkiConfig.builder("node-1", "127.0.0.1")
                .start(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build();
        pki = PkiFixture.generate(rootfs, config);
    }

    @Test
    void serverAcceptsAClientCertificateOfItsCa() throws Exception {
        assertNull(handshake("apiserver-kubelet-client"));
    }

    @Test
    void serverRejectsAClientCertificateOfAnotherCa() throws Exception {
        Throwable serverSide = handshake("front-proxy-client");
        assertInstanceOf(javax.net.ssl.SSLHandshakeException.class, serverSide, String.valueOf(serverSide));
    }

    /** Runs one exchange; returns the server's handshake failure, or null when the client got its echo. */
    private Throwable handshake(String clientBase) throws Exception {
        SSLContext serverCtx = context("apiserver", "ca");
        try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setNeedClientAuth(true);
            CompletableFuture<Throwable> served = CompletableFuture.supplyAsync(() -> {
                try (SSLSocket s = (SSLSocket) server.accept()) {
                    s.startHandshake();
                    s.getOutputStream().write(s.getInputStream().read());
                    s.getOutputStream().flush();
                    return null;
                } catch (Exception e) {
                    return e;
                }
            });
            SSLContext clientCtx = context(clientBase, "ca");
            // An address without a host name, so the client checks the certificate's IP SAN 127.0.0.1.
            InetAddress loopbackIp = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            try (SSLSocket client = (SSLSocket) clientCtx.getSocketFactory()
                    .createSocket(loopbackIp, server.getLocalPort())) {
                SSLParameters params = client.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the server must carry IP SAN 127.0.0.1
                client.setSSLParameters(params);
                client.setSoTimeout(10_000);
                Throwable serverResult;
                try {
                    client.startHandshake();
                    client.getOutputStream().write(42);
                    client.getOutputStream().flush();
                    int echoed = client.getInputStream().read();
                    serverResult = served.get(10, TimeUnit.SECONDS);
                    if (serverResult == null) {
                        assertEquals(42, echoed);
                    }
                } catch (java.io.IOException clientFailure) {
                    serverResult = served.get(10, TimeUnit.SECONDS);
                    if (serverResult == null) {
                        throw clientFailure;
                    }
                }
                return serverResult;
            }
        }
    }

    private SSLContext context(String ownBase, String trustedCaBase) throws Exception {
        X509Certificate cert = Pem.decodeCertificate(Files.readAllBytes(pki.pki(ownBase + ".crt")), ownBase);
        X509Certificate ca = Pem.decodeCertificate(Files.readAllBytes(pki.pki(trustedCaBase + ".crt")), trustedCaBase);
        return TlsContexts.withIdentity(java.util.List.of(ca), cert,
                Pem.decodePrivateKey(Files.readAllBytes(pki.pki(ownBase + ".key")), ownBase));
    }

    @Test
    void clientRefusesAServerCertificateWithoutItsAddress() {
        // Same server, but the client dials a name the certificate does not carry: hostname check fails.
        Exception e = assertThrows(javax.net.ssl.SSLHandshakeException.class, () -> {
            SSLContext serverCtx = context("apiserver", "ca");
            try (SSLServerSocket server = (SSLServerSocket) serverCtx.getServerSocketFactory()
                    .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                CompletableFuture.runAsync(() -> {
                    try (SSLSocket s = (SSLSocket) server.accept()) {
                        s.startHandshake();
                    } catch (Exception ignored) {
                        // the client aborts
                    }
                });
                try (SSLSocket client = (SSLSocket) context("apiserver-kubelet-client", "ca").getSocketFactory()
                        .createSocket("localhost", server.getLocalPort())) {
                    SSLParameters params = client.getSSLParameters();
                    params.setEndpointIdentificationAlgorithm("HTTPS");
                    params.setServerNames(List.of(new javax.net.ssl.SNIHostName("localhost")));
                    client.setSSLParameters(params);
                    client.startHandshake();
                }
            }
        });
        assertTrue(e.getMessage().contains("No subject alternative DNS name matching localhost"), e.getMessage());
    }
}
