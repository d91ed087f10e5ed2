package dev.bootstrap.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpsServer;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.LocalHttps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * --discovery-file at an https URL is fetched with the JVM's trusted CAs: a server whose certificate
 * our own CA signed is a TLS failure, a closed port is unreachable, each saying which URL.
 */
@Timeout(60)
class FileDiscoveryDownloadTest {

    @Test
    void aServerTheSystemDoesNotTrustIsATlsFailure() throws Exception {
        HttpsServer server = LocalHttps.start(LocalHttps.ca("private-ca"), "127.0.0.1",
                ex -> LocalHttps.answer(ex, 200, "apiVersion: v1\nkind: Config\n"));
        try {
            String url = "https://127.0.0.1:" + server.getAddress().getPort() + "/discovery.conf";
            DiscoveryException e = assertThrows(DiscoveryException.class, () -> FileDiscovery.read(url));
            assertEquals(DiscoveryException.Reason.TLS, e.reason());
            assertTrue(e.getMessage().startsWith("--discovery-file: cannot download " + url + ": javax.net.ssl."),
                    e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        String url = "https://127.0.0.1:" + ApiServerStandIn.freePort() + "/discovery.conf";
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> FileDiscovery.read(url));
        assertEquals(DiscoveryException.Reason.UNREACHABLE, e.reason());
        assertEquals("--discovery-file: cannot download " + url + ": java.net.ConnectException: Connection refused",
                e.getMessage());
    }
}
