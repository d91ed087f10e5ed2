package dev.bootstrap.net;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * A parsed "address/prefix", and the "n-th address of a subnet" rule kubeadm uses for the kubernetes
 * service VIP (1, GetAPIServerVirtualIP) and the DNS service (10, GetDNSIP), both in kubeadm's
 * cmd/kubeadm/app/constants/constants.go (v1.31+).
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

    /** The address at {@code index} from the start of the subnet (1 = the API service IP, 10 = DNS). */
    public InetAddress nth(long index) {
        byte[] raw = address.getAddress();
        BigInteger base = new BigInteger(1, raw).shiftRight(bits() - prefix).shiftLeft(bits() - prefix);
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
}
