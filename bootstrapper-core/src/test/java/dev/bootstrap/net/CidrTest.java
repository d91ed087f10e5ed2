package dev.bootstrap.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ranges that share addresses, and addresses in ranges: IPv4, IPv6, host bits ignored, families apart. */
class CidrTest {

    private static Cidr cidr(String text) {
        return Cidr.parse(text).orElseThrow();
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parse(text).orElseThrow();
    }

    private static void assertOverlap(boolean expected, String a, String b) {
        assertEquals(expected, cidr(a).overlaps(cidr(b)), a + " and " + b);
        assertEquals(expected, cidr(b).overlaps(cidr(a)), b + " and " + a);
    }

    @Test
    void rangesOverlapWhenOneHoldsTheOthersStart() {
        assertOverlap(true, "10.96.0.0/12", "10.100.0.0/16");
        assertOverlap(true, "10.96.0.0/12", "10.96.0.0/12");
        assertOverlap(true, "10.100.3.4/12", "10.96.0.0/16");
        assertOverlap(true, "0.0.0.0/0", "192.168.1.0/24");
        assertOverlap(false, "10.96.0.0/12", "10.244.0.0/16");
        assertOverlap(false, "10.96.0.0/12", "10.112.0.0/12");
        assertOverlap(true, "fd00:10:96::/108", "fd00:10:96::/112");
        assertOverlap(true, "fd00:10::/32", "fd00:10:244::/56");
        assertOverlap(false, "fd00:10:96::/108", "fd00:10:244::/56");
        assertOverlap(false, "10.0.0.0/8", "::/0");
    }

    @Test
    void anAddressIsInARangeOfItsOwnFamilyOnly() {
        assertTrue(cidr("10.96.0.0/12").contains(ip("10.96.0.0")));
        assertTrue(cidr("10.96.0.0/12").contains(ip("10.111.255.255")));
        assertFalse(cidr("10.96.0.0/12").contains(ip("10.112.0.0")));
        assertFalse(cidr("10.96.0.0/12").contains(ip("10.95.255.255")));
        assertTrue(cidr("10.100.3.4/12").contains(ip("10.96.0.1")), "host bits of the range are ignored");
        assertTrue(cidr("192.168.1.7/32").contains(ip("192.168.1.7")));
        assertTrue(cidr("fd00:10:244::/56").contains(ip("fd00:10:244:ff::1")));
        assertFalse(cidr("fd00:10:244::/56").contains(ip("fd00:10:245::1")));
        assertFalse(cidr("::/0").contains(ip("10.96.0.1")));
        assertFalse(cidr("0.0.0.0/0").contains(ip("fd00::1")));
    }

    @Test
    void aKubeadmListIsOneCidrPerFamily() {
        assertEquals(List.of(cidr("10.244.0.0/16"), cidr("fd00:10:244::/56")),
                Cidr.list("10.244.0.0/16,fd00:10:244::/56"));
        assertEquals(List.of(), Cidr.list(""), "an unset podSubnet");
        assertEquals("fd00:10:244::/56", cidr("fd00:10:244:0::/56").toString());
        assertEquals("10.96.0.0/12", cidr("10.96.0.0/12").toString());
    }
}
