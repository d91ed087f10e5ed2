package dev.bootstrap.pki;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.bouncycastle.util.IPAddress;

/** IP literals and CIDRs without any DNS lookup, printed the way Go prints them. */
public final class IpAddresses {

    private IpAddresses() {
    }

    /** The address if {@code value} is an IPv4 or IPv6 literal (no zone), else empty. Never resolves names. */
    public static Optional<InetAddress> parse(String value) {
        if (value == null || value.isEmpty() || value.indexOf('%') >= 0
                || !(IPAddress.isValidIPv4(value) || IPAddress.isValidIPv6(value))) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(value)); // a valid literal: no lookup happens
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Parses an IP literal or fails naming the field. */
    public static InetAddress require(String value, String field) {
        return parse(value).orElseThrow(() -> new PkiException(field + ": \"" + value + "\" is not a valid IP address"));
    }

    /**
     * The first usable address of a CIDR (network address + 1), e.g. 10.96.0.1 for 10.96.0.0/12;
     * host bits in the value are ignored as Go's ParseCIDR does.
     */
    public static InetAddress firstAddress(String cidr, String field) {
        int slash = cidr.indexOf('/');
        InetAddress base = slash < 0 ? null : parse(cidr.substring(0, slash)).orElse(null);
        Integer prefix = slash < 0 ? null : parsePrefix(cidr.substring(slash + 1));
        int bits = base == null ? 0 : base.getAddress().length * 8;
        if (base == null || prefix == null || prefix > bits) {
            throw new PkiException(field + ": \"" + cidr + "\" is not a valid CIDR (expected e.g. 10.96.0.0/12)");
        }
        BigInteger addr = new BigInteger(1, base.getAddress());
        BigInteger mask = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
                .xor(BigInteger.ONE.shiftLeft(bits - prefix).subtract(BigInteger.ONE));
        BigInteger first = addr.and(mask).add(BigInteger.ONE);
        byte[] raw = first.toByteArray();
        byte[] out = new byte[bits / 8];
        int copy = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new PkiException(field + ": \"" + cidr + "\": " + e.getMessage(), e);
        }
    }

    private static Integer parsePrefix(String s) {
        if (s.isEmpty() || s.length() > 3 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Integer.parseInt(s);
    }

    /** Go's net.IP.String(): dotted IPv4, RFC 5952 IPv6 ("::1", "fd00::10"). */
    public static String format(InetAddress ip) {
        if (ip instanceof Inet4Address) {
            return ip.getHostAddress();
        }
        byte[] b = ip.getAddress();
        int[] words = new int[8];
        for (int i = 0; i < 8; i++) {
            words[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1; // a single zero word is not compressed
        for (int i = 0; i < 8; i++) {
            int j = i;
            while (j < 8 && words[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(i, j);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(words[i]));
        }
        return sb.toString();
    }
}
