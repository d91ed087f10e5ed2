package dev.bootstrap.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** IP literals and CIDRs: parsed without lookups, printed as Go prints them, kubeadm's n-th address rule. */
class IpAddressesTest {

    @Test
    void ipsParseWithoutLookupsAndFormatLikeGo() {
        assertTrue(IpAddresses.parse("localhost").isEmpty(), "names are never resolved");
        assertTrue(IpAddresses.parse("fe80::1%eth0").isEmpty(), "zones are not SAN IPs");
        assertEquals("2001:db8::1:0:0:1", IpAddresses.format(IpAddresses.parse("2001:db8:0:0:1:0:0:1").orElseThrow()));
        assertEquals("::", IpAddresses.format(IpAddresses.parse("::").orElseThrow()));
        assertEquals("1:0:2:0:3:0:4:0", IpAddresses.format(IpAddresses.parse("1:0:2:0:3:0:4:0").orElseThrow()));
    }

    @Test
    void onlyPlainDottedQuadsAreIpv4() {
        assertTrue(IpAddresses.isIp("10.0.0.1"));
        assertFalse(IpAddresses.isIp("010.0.0.1"), "a leading zero could be octal");
        assertFalse(IpAddresses.isIp("10.0.0.256"));
        assertFalse(IpAddresses.isIp("10.0.0"));
        assertFalse(IpAddresses.isIpv6("10.0.0.1"));
        assertTrue(IpAddresses.isIpv6("fd00::1"));
    }

    @Test
    void firstServiceIpOfACidrIgnoresHostBits() {
        assertEquals("10.96.0.1", IpAddresses.format(Cidr.parse("10.96.0.0/12").orElseThrow().nth(1)));
        assertEquals("10.96.0.1", IpAddresses.format(Cidr.parse("10.100.3.4/12").orElseThrow().nth(1)));
        assertEquals("fd00::1", IpAddresses.format(Cidr.parse("fd00::/108").orElseThrow().nth(1)));
        assertEquals("10.96.0.10", IpAddresses.format(Cidr.parse("10.96.0.0/12").orElseThrow().nth(10)));
    }

    @Test
    void cidrsNeedAnAddressAndAPrefixThatFitsIt() {
        assertTrue(Cidr.parse("10.96.0.0").isEmpty());
        assertTrue(Cidr.parse("10.96.0.0/33").isEmpty());
        assertTrue(Cidr.parse("10.96.0.0/").isEmpty());
        assertTrue(Cidr.parse("name/12").isEmpty());
        assertTrue(Cidr.parse("fd00::/128").orElseThrow().ipv6());
    }
}
