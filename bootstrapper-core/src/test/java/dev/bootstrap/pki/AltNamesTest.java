package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.net.IpAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kubeadm's SAN rules: dedup, DNS sorted, IPs in first-seen order, IPs printed as Go prints them. */
class AltNamesTest {

    @Test
    void dnsSortedIpsInFirstSeenOrderBothDeduplicated() {
        AltNames names = AltNames.builder().dns("b.example").dns("a.example").dns("b.example")
                .host("10.0.0.2").host("::1").host("10.0.0.1").host("10.0.0.2").host("c.example").build();
        assertEquals(List.of("a.example", "b.example", "c.example"), names.dnsNames());
        assertEquals("DNS names [a.example b.example c.example] and IPs [10.0.0.2 ::1 10.0.0.1]", names.describe());
    }

    @Test
    void extraSansAcceptIpsDnsNamesAndWildcardsOnly() {
        AltNames names = AltNames.builder().extras(List.of("*.apps.example", "fd00::10", "api.example"), "field").build();
        assertEquals("DNS names [*.apps.example api.example] and IPs [fd00::10]", names.describe());
        for (String bad : List.of("with space", "UPPER.example", "under_score", "*.", "-lead.example", "a..b")) {
            PkiException e = assertThrows(PkiException.class, () -> AltNames.builder().extra(bad, "apiServer.certSANs"));
            assertTrue(e.getMessage().startsWith("apiServer.certSANs: \"" + bad + "\""), e.getMessage());
        }
    }

    @Test
    void apiServiceIpIsTheFirstAddressOfTheFirstServiceCidr() {
        assertEquals("fd00::1", apiServiceIp("fd00::/108,10.96.0.0/12"));
        assertEquals("10.96.0.1", apiServiceIp("10.96.0.0/12,fd00::/108"));
    }

    private static String apiServiceIp(String subnets) {
        return IpAddresses.format(PkiConfig.builder("n", "10.0.0.1").serviceSubnet(subnets).build().apiServerServiceIp());
    }

    @Test
    void controlPlaneEndpointHostForms() {
        assertEquals("api.example", endpointHost("api.example:6443"));
        assertEquals("fd00::5", endpointHost("[fd00::5]:6443"));
        assertEquals("fd00::5", endpointHost("fd00::5"));
        assertEquals("10.0.0.9", endpointHost("10.0.0.9"));
    }

    private static String endpointHost(String endpoint) {
        return PkiConfig.builder("n", "10.0.0.1").controlPlaneEndpoint(endpoint).build().controlPlaneEndpointHost();
    }
}
