package dev.bootstrap.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP and CIDR checks without name resolution (a literal is parsed, never looked up), and the
 * "n-th address of a subnet" rule kubeadm uses for the kubernetes service VIP (1) and DNS (10).
 */
public final class NetAddresses {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-fA-F:.]+");

    private NetAddresses() {
    }

    /** The address when {@code text} is an IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parseIp(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = text.contains(":") && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // A literal with ':' or a dotted quad is parsed by InetAddress without any lookup.
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    public static boolean isIp(String text) {
        return parseIp(text).isPresent();
    }

    public static boolean isIpv6(String text) {
        return parseIp(text).map(a -> a.getAddress().length == 16).orElse(false);
    }

    /** A parsed "address/prefix". */
    public record Cidr(InetAddress address, int prefix) {

        public int bits() {
            return address.getAddress().length * 8;
        }

        public boolean ipv6() {
            return bits() == 128;
        }

        /** The address at {@code index} from the start of the subnet (index 10 = the DNS service IP). */
        public String nthAddress(long index) {
            byte[] raw = address.getAddress();
            BigInteger base = new BigInteger(1, raw).shiftRight(bits() - prefix).shiftLeft(bits() - prefix);
            BigInteger value = base.add(BigInteger.valueOf(index));
            byte[] out = new byte[raw.length];
            byte[] v = value.toByteArray();
            int copy = Math.min(v.length, out.length);
            System.arraycopy(v, v.length - copy, out, out.length - copy, copy);
            try {
                return InetAddress.getByAddress(out).getHostAddress();
            } catch (UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Parses "10.96.0.0/12" or "fd00::/108". */
    public static Optional<Cidr> parseCidr(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        Optional<InetAddress> ip = parseIp(text.substring(0, slash));
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(text.substring(slash + 1));
        int bits = ip.get().getAddress().length * 8;
        return prefix <= bits ? Optional.of(new Cidr(ip.get(), prefix)) : Optional.empty();
    }

    /** A TCP port written as decimal digits, 1-65535. */
    public static boolean isPort(String text) {
        return text.matches("[0-9]{1,5}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535;
    }

    /** "host:port" joined as Go's net.JoinHostPort does (IPv6 in brackets). */
    public static String joinHostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
