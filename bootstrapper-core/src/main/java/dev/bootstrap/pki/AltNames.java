package dev.bootstrap.pki;

import dev.bootstrap.net.DnsNames;
import dev.bootstrap.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/**
 * Subject alternative names as kubeadm signs them: DNS names de-duplicated and sorted, IPs
 * de-duplicated in first-seen order.
 */
public record AltNames(List<String> dnsNames, List<InetAddress> ips) {

    public static final AltNames NONE = new AltNames(List.of(), List.of());

    public AltNames {
        dnsNames = List.copyOf(new TreeSet<>(dnsNames));
        ips = List.copyOf(new LinkedHashSet<>(ips));
    }

    public boolean isEmpty() {
        return dnsNames.isEmpty() && ips.isEmpty();
    }

    /** Whether every name of {@code required} is among these. */
    public List<String> missing(AltNames required) {
        List<String> missing = new ArrayList<>();
        required.dnsNames.stream().filter(d -> !dnsNames.contains(d)).forEach(d -> missing.add("DNS:" + d));
        required.ips.stream().filter(ip -> !ips.contains(ip)).forEach(ip -> missing.add("IP:" + IpAddresses.format(ip)));
        return missing;
    }

    private static boolean isWildcardSubdomain(String value) {
        return value.startsWith("*.") && DnsNames.isSubdomain(value.substring(2));
    }

    /** Collects names in order; {@link #build()} applies kubeadm's de-duplication and sorting. */
    public static final class Builder {
        private final List<String> dns = new ArrayList<>();
        private final List<InetAddress> ips = new ArrayList<>();

        public Builder dns(String name) {
            dns.add(name);
            return this;
        }

        public Builder ip(InetAddress ip) {
            ips.add(ip);
            return this;
        }

        /** A host that is an IP if it parses as one, else a DNS name (kubeadm's controlPlaneEndpoint rule). */
        public Builder host(String host) {
            IpAddresses.parse(host).ifPresentOrElse(ips::add, () -> dns.add(host));
            return this;
        }

        /**
         * A user-given extra SAN: an IP if it parses, else a DNS name if it is a valid RFC-1123
         * subdomain or wildcard subdomain, else an error naming {@code field}.
         */
        public Builder extra(String value, String field) {
            if (IpAddresses.parse(value).isPresent()) {
                return host(value);
            }
            if (DnsNames.isSubdomain(value) || isWildcardSubdomain(value)) {
                dns.add(value);
                return this;
            }
            throw new PkiException(field + ": \"" + value + "\" is neither an IP address nor a valid DNS name "
                    + "(lower-case RFC 1123 subdomain such as api.example.com, or *.example.com)");
        }

        public Builder extras(List<String> values, String field) {
            values.forEach(v -> extra(v, field));
            return this;
        }

        public AltNames build() {
            return new AltNames(dns, ips);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** As kubeadm prints them: "DNS names [a b] and IPs [10.96.0.1 ::1]". */
    public String describe() {
        return "DNS names [" + String.join(" ", dnsNames) + "] and IPs ["
                + String.join(" ", ips.stream().map(IpAddresses::format).toList()) + "]";
    }
}
