package dev.bootstrap.net;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An endpoint "host", "host:port", "[IPv6]:port", "[IPv6]" or a bare IPv6 address, as kubeadm reads
 * controlPlaneEndpoint and discovery's apiServerEndpoint (ParseHostPort in cmd/kubeadm/app/util/endpoint.go,
 * v1.31+): the port, when given, is 1-65535; the host is an IP literal or an RFC 1123 subdomain.
 */
public record HostPort(String host, OptionalInt port) {

    /**
     * The endpoint when {@code text} is one, else empty. Upper case is accepted in a DNS host (names are
     * case-insensitive); the certificates ask lower case of their SANs ({@code pki.PkiConfig}).
     */
    public static Optional<HostPort> parse(String text) {
        String host = text;
        String port = null;
        int colon = text.indexOf(':');
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !IpAddresses.isIpv6(text.substring(1, close))) {
                return Optional.empty();
            }
            host = text.substring(1, close);
            String rest = text.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                port = rest.substring(1);
            }
        } else if (colon >= 0 && colon == text.lastIndexOf(':')) {
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        } else if (colon >= 0) {
            // Two colons or more and no brackets: only a bare IPv6 address (Go's SplitHostPort: too many colons).
            return IpAddresses.isIpv6(text) ? Optional.of(new HostPort(text, OptionalInt.empty())) : Optional.empty();
        }
        if (port != null && !isPort(port)) {
            return Optional.empty();
        }
        if (!isHost(host)) {
            return Optional.empty();
        }
        return Optional.of(new HostPort(host, port == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port))));
    }

    /** An IP literal or a DNS name, in any case. */
    public static boolean isHost(String text) {
        return IpAddresses.isIp(text) || DnsNames.isSubdomain(text.toLowerCase(Locale.ROOT));
    }

    /** A TCP port written as decimal digits, 1-65535 (ParsePort in cmd/kubeadm/app/util/endpoint.go). */
    public static boolean isPort(String text) {
        return text.matches("[0-9]{1,5}") && Integer.parseInt(text) >= 1 && Integer.parseInt(text) <= 65535;
    }

    /** "host:port" joined as Go's net.JoinHostPort does (IPv6 in brackets). */
    public static String join(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** This endpoint with {@code defaultPort} when it names no port, as kubeadm's GetControlPlaneEndpoint. */
    public String withPortOr(int defaultPort) {
        return join(host, port.orElse(defaultPort));
    }
}
