package dev.bootstrap.token;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JoinCommandTest {

    private static final BootstrapToken TOKEN = BootstrapToken.parse("abcdef.0123456789abcdef", "t");

    @Test
    void workerCommandHasOnePinFlagPerCa() {
        assertEquals("bootstrap join 10.211.0.11:6443 --token abcdef.0123456789abcdef \\\n"
                        + "\t--discovery-token-ca-cert-hash sha256:aa \\\n"
                        + "\t--discovery-token-ca-cert-hash sha256:bb",
                JoinCommandLine.render("https://10.211.0.11:6443", TOKEN, List.of("sha256:aa", "sha256:bb"), null));
    }

    @Test
    void controlPlaneCommandCarriesTheCertificateKey() {
        assertEquals("bootstrap join lb.example.com:443 --token abcdef.0123456789abcdef \\\n"
                        + "\t--discovery-token-ca-cert-hash sha256:aa \\\n"
                        + "\t--control-plane --certificate-key 00ff",
                JoinCommandLine.render("https://lb.example.com", TOKEN, List.of("sha256:aa"), "00ff"));
    }

    @Test
    void ipv6EndpointsKeepTheirBrackets() {
        assertEquals("[fd00::1]:6443", JoinCommandLine.endpoint("https://[fd00::1]:6443"));
    }
}
