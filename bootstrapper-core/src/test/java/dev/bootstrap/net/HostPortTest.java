package dev.bootstrap.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** kubeadm's endpoint forms (controlPlaneEndpoint, apiServerEndpoint) and RFC 1123 names. */
class HostPortTest {

    @ParameterizedTest
    @CsvSource({"api.example:6443, api.example, 6443", "api.example, api.example, 0", "10.0.0.9, 10.0.0.9, 0",
            "10.0.0.9:443, 10.0.0.9, 443", "'[fd00::5]:6443', fd00::5, 6443", "'[fd00::5]', fd00::5, 0",
            "fd00::5, fd00::5, 0", "LB.Example:6443, LB.Example, 6443"})
    void endpointForms(String text, String host, int port) {
        assertEquals(new HostPort(host, port == 0 ? OptionalInt.empty() : OptionalInt.of(port)),
                HostPort.parse(text).orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "api example:6443", "api.example.test:99999", "lb:0", "lb:", ":6443", "[fd00::1",
            "[fd00::1]6443", "[fd00::1]:", "[10.0.0.1]:6443", "a:b:6443", "under_score:6443", "-lead.example"})
    void notEndpoints(String text) {
        assertTrue(HostPort.parse(text).isEmpty(), text);
    }

    @Test
    void joinedAsGoJoinsThemAndThePortDefaulted() {
        assertEquals("[fd00::1]:6443", HostPort.join("fd00::1", 6443));
        assertEquals("10.0.0.1:6443", HostPort.join("10.0.0.1", 6443));
        assertEquals("[fd00::1]:6443", HostPort.parse("[fd00::1]").orElseThrow().withPortOr(6443));
        assertEquals("lb:443", HostPort.parse("lb:443").orElseThrow().withPortOr(6443));
    }

    @Test
    void hostsAreIpsOrNamesInAnyCase() {
        assertTrue(HostPort.isHost("fd00::1"));
        assertTrue(HostPort.isHost("Node-1.Example"));
        assertFalse(HostPort.isHost("node 1"));
    }

    @Test
    void subdomainsAreLowerCaseLabelsOfAtMost253Characters() {
        assertTrue(DnsNames.isSubdomain("node-1.example"));
        assertFalse(DnsNames.isSubdomain("Node-1"));
        assertFalse(DnsNames.isSubdomain("node_1"));
        assertFalse(DnsNames.isSubdomain("a..b"));
        assertFalse(DnsNames.isSubdomain(""));
        assertTrue(DnsNames.isSubdomain("a".repeat(253)));
        assertFalse(DnsNames.isSubdomain("a".repeat(254)));
    }
}
