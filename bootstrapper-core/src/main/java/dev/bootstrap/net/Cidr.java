package dev.bootstrap.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A parsed "address/prefix", and the "n-th address of a subnet" rule kubeadm uses for the kubernetes
 * service VIP (1, GetAPIServerVirtualIP) and the DNS service (10, GetDNSIP), both in kubeadm's
 * cmd/kubeadm/app/constants/constants.go (v1.31+). Host bits of {@link #address} are ignored throughout.
 */
public record Cidr(InetAddress address, int prefix) {

    /** Parses "10.96.0.0/12" or "fd00::/108"; host bits are kept in {@link #address} and ignored by {@link #nth}. */
    public static Optional<Cidr> parse(String text) {
        int slash = text == null ? -1 : text.indexOf('/');
        if (slash < 0 || !text.substring(slash + 1).matches("[0-9]{1,3}")) {
            return Optional.empty();
        }
        Optional<InetAddress> ip = IpAddresses.parse(text.substring(0, slash));
        if (ip.isEmpty()) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(text.substring(slash + 1));
        int bits = ip.get().getAddress().length * 8;
        return prefix <= bits ? Optional.of(new Cidr(ip.get(), prefix)) : Optional.empty();
    }

    /**
     * The CIDRs of a kubeadm CIDR list ("10.244.0.0/16,fd00::/56"), none for "" (an unset podSubnet).
     *
     * @throws IllegalArgumentException for an entry that is not a CIDR (lists are validated when read)
     */
    public static List<Cidr> list(String cidrs) {
        return cidrs.isEmpty() ? List.of() : Arrays.stream(cidrs.split(",")).map(part -> parse(part)
                .orElseThrow(() -> new IllegalArgumentException("\"" + part + "\" is not a CIDR"))).toList();
    }

    /** The IPv4 CIDR of a kubeadm CIDR list ("10.244.0.0/16,fd00::/56"), if it has one. */
    public static Optional<String> ipv4Of(String cidrs) {
        for (String part : cidrs.split(",")) {
            if (parse(part).filter(c -> !c.ipv6()).isPresent()) {
                return Optional.of(part);
            }
        }
        return Optional.empty();
    }

    public int bits() {
        return address.getAddress().length * 8;
    }

    public boolean ipv6() {
        return bits() == 128;
    }

    /** Whether the two ranges share an address; ranges of different IP families never do. */
    public boolean overlaps(Cidr other) {
        int common = Math.min(prefix, other.prefix);
        return bits() == other.bits() && leading(address, common).equals(leading(other.address, common));
    }

    /** Whether {@code ip} is in this range; an address of the other IP family never is. */
    public boolean contains(InetAddress ip) {
        return ip.getAddress().length * 8 == bits() && leading(ip, prefix).equals(leading(address, prefix));
    }

    /** The address at {@code index} from the start of the subnet (1 = the API service IP, 10 = DNS). */
    public InetAddress nth(long index) {
        byte[] raw = address.getAddress();
        BigInteger base = leading(address, prefix).shiftLeft(bits() - prefix);
        BigInteger value = base.add(BigInteger.valueOf(index));
        byte[] out = new byte[raw.length];
        byte[] v = value.toByteArray();
        int copy = Math.min(v.length, out.length);
        System.arraycopy(v, v.length - copy, out, out.length - copy, copy);
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // only for a wrong length, which out never has
        }
    }

    /** "10.96.0.0/12", "fd00::/108": as kubeadm's files write it. */
    @Override
    public String toString() {
        return IpAddresses.format(address) + "/" + prefix;
    }

    /** The first {@code length} bits of {@code ip}, as a number. */
    private static BigInteger leading(InetAddress ip, int length) {
        byte[] raw = ip.getAddress();
        return new BigInteger(1, raw).shiftRight(raw.length * 8 - length);
    }
}
