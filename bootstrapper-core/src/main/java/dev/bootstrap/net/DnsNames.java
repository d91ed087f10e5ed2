package dev.bootstrap.net;

import java.util.regex.Pattern;

/**
 * Kubernetes' RFC 1123 subdomain: lower-case labels of letters, digits and '-', joined by '.', at most
 * 253 characters. kubeadm asks it of node names (ValidateNodeRegistrationOptions in
 * cmd/kubeadm/app/apis/kubeadm/validation/validation.go, v1.31+), of the DNS domain, of DNS SANs and of
 * endpoint hosts ({@link HostPort}); the Hostname preflight check asks it of the lower-cased host name.
 */
public final class DnsNames {

    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private DnsNames() {
    }

    public static boolean isSubdomain(String value) {
        return value != null && value.length() <= 253 && SUBDOMAIN.matcher(value).matches();
    }
}
