package dev.bootstrap.preflight;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/** HTTPProxy / HTTPProxyCIDR: traffic to the API server or cluster IPs must not go through a proxy. */
final class ProxyChecks {

    private ProxyChecks() {
    }

    /**
     * @param endpoint the address HTTPS goes to: for init the node's own address, for join the
     *                 control plane's; empty when unknown (the check then passes saying so)
     */
    static Check httpProxy(Optional<String> endpoint) {
        return Check.of("HTTPProxy", f -> {
            Optional<String> host = endpoint.or(() -> f.addresses().stream().findFirst());
            if (host.isEmpty()) {
                return CheckResult.pass("HTTPProxy", Severity.WARNING, "no endpoint address to check");
            }
            Optional<String> proxy = proxyFor(f, host.get());
            String url = "https://" + (host.get().contains(":") ? "[" + host.get() + "]" : host.get());
            return proxy.isPresent()
                    ? CheckResult.fail("HTTPProxy", Severity.WARNING, "Connection to \"" + url + "\" uses proxy \""
                            + proxy.get() + "\". If that is not intended, adjust your proxy settings",
                            "add " + host.get() + " to NO_PROXY and no_proxy")
                    : CheckResult.pass("HTTPProxy", Severity.WARNING, "no proxy for " + url);
        });
    }

    static Check httpProxyCidr(String cidr) {
        return Check.of("HTTPProxyCIDR", f -> {
            String firstIp = firstAddress(cidr);
            Optional<String> proxy = proxyFor(f, firstIp);
            return proxy.isPresent()
                    ? CheckResult.fail("HTTPProxyCIDR", Severity.WARNING, "connection to \"" + cidr + "\" uses proxy \""
                            + proxy.get() + "\". This may lead to malfunctional cluster setup. Make sure that Pod and "
                            + "Services IP ranges specified correctly as exceptions in proxy configuration",
                            "add " + cidr + " to NO_PROXY and no_proxy")
                    : CheckResult.pass("HTTPProxyCIDR", Severity.WARNING, "no proxy for " + cidr);
        });
    }

    /** The HTTPS proxy Go's ProxyFromEnvironment would use for the host, if any. */
    static Optional<String> proxyFor(NodeFacts f, String host) {
        String proxy = f.proxyEnv().getOrDefault("https_proxy", "");
        if (proxy.isEmpty() || isLoopback(host)) {
            return Optional.empty();
        }
        for (String entry : f.proxyEnv().getOrDefault("no_proxy", "").split(",")) {
            if (noProxyMatches(entry.strip().toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
                return Optional.empty();
            }
        }
        return Optional.of(proxy);
    }

    /** One NO_PROXY entry: "*", an address, a CIDR, or a domain (with or without a leading dot). */
    static boolean noProxyMatches(String entry, String host) {
        if (entry.isEmpty()) {
            return false;
        }
        if (entry.equals("*") || entry.equals(host)) {
            return true;
        }
        if (entry.contains("/")) {
            return inCidr(host, entry);
        }
        String domain = entry.startsWith(".") ? entry : "." + entry;
        return host.endsWith(domain);
    }

    static boolean inCidr(String host, String cidr) {
        try {
            String[] parts = cidr.split("/", 2);
            byte[] net = InetAddress.getByName(parts[0]).getAddress();
            if (!isLiteral(host)) {
                return false;
            }
            byte[] addr = InetAddress.getByName(host).getAddress();
            int bits = Integer.parseInt(parts[1]);
            if (net.length != addr.length || bits < 0 || bits > net.length * 8) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(net.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(bits).not();
            return new BigInteger(1, net).and(mask).equals(new BigInteger(1, addr).and(mask));
        } catch (UnknownHostException | NumberFormatException e) {
            return false;
        }
    }

    private static boolean isLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        try {
            return isLiteral(host) && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The first usable address of a CIDR (10.96.0.0/12 -> 10.96.0.1). */
    static String firstAddress(String cidr) {
        try {
            byte[] net = InetAddress.getByName(cidr.split("/", 2)[0]).getAddress();
            byte[] first = new BigInteger(1, net).add(BigInteger.ONE).toByteArray();
            byte[] out = new byte[net.length];
            System.arraycopy(first, Math.max(0, first.length - out.length), out,
                    Math.max(0, out.length - first.length), Math.min(first.length, out.length));
            return InetAddress.getByAddress(out).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid CIDR " + cidr, e);
        }
    }
}
