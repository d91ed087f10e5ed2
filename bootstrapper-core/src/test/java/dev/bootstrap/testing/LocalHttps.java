package dev.bootstrap.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.bootstrap.pki.AltNames;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.ExtKeyUsage;
import dev.bootstrap.pki.IssuedCertificate;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.TlsContexts;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The JDK's HttpsServer on loopback, serving with a certificate our own PKI classes issue: the test
 * picks the CA and the one IP address the certificate covers (besides the name "node1").
 */
public final class LocalHttps {

    private LocalHttps() {
    }

    public static CertificateAuthority ca(String name) {
        return CertificateAuthority.selfSigned(name, KeyAlgorithm.ECDSA_P256.generate(), Instant.now(), Duration.ofDays(1));
    }

    /** Started; the caller stops it. The URL to use is https://127.0.0.1:{port}. */
    public static HttpsServer start(CertificateAuthority signer, String certifiedIp, HttpHandler handler)
            throws IOException {
        AltNames names = AltNames.builder().dns("node1").ip(InetAddress.getByName(certifiedIp)).build();
        IssuedCertificate cert = signer.issue(new CertRequest("kube-apiserver", List.of(), names,
                Set.of(ExtKeyUsage.SERVER_AUTH), Instant.now(), Duration.ofDays(1)), KeyAlgorithm.ECDSA_P256);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.withIdentity(List.of(signer.certificate()),
                cert.certificate(), cert.key())));
        server.createContext("/", handler);
        server.start();
        return server;
    }

    public static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
