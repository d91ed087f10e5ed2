package dev.bootstrap.token;

import java.net.URI;
import java.util.List;

/**
 * The join command printed by init and {@code token create --print-join-command}, laid out as
 * kubeadm's: endpoint, token, one CA pin flag per CA, and for control planes the certificate key.
 */
public final class JoinCommandLine {

    private JoinCommandLine() {
    }

    /**
     * @param server         the admin kubeconfig's server URL; its host:port is the join endpoint
     * @param certificateKey hex key for a control-plane join, or null for a worker
     */
    public static String render(String server, BootstrapToken token, List<String> caPins, String certificateKey) {
        StringBuilder sb = new StringBuilder("bootstrap join ").append(endpoint(server))
                .append(" --token ").append(token.value());
        for (String pin : caPins) {
            sb.append(" \\\n\t--discovery-token-ca-cert-hash ").append(pin);
        }
        if (certificateKey != null) {
            sb.append(" \\\n\t--control-plane --certificate-key ").append(certificateKey);
        }
        return sb.toString();
    }

    /** host:port of a server URL (scheme stripped, IPv6 kept in brackets, 443 when no port). */
    public static String endpoint(String server) {
        URI uri = URI.create(server);
        int port = uri.getPort() == -1 ? 443 : uri.getPort();
        return uri.getHost() + ":" + port;
    }
}
