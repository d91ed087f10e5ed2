package dev.bootstrap.discovery;

import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.http.HttpCall;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * What a joining node reads with its bootstrap token once discovery has learned the CA (kubeadm's
 * TLS-bootstrap client): kubeadm-config, kubelet-config and its own Node. The server is verified
 * against the discovered CA only; the token is sent only to such a server.
 */
public final class BootstrapTokenClient {

    private final String server;
    private final SSLContext tls;
    private final String token;
    private final KubernetesSerialization serialization = KubeSerialization.SHARED;

    /** @param server the API server URL from cluster-info, caPem the discovered CA, token the TLS bootstrap token */
    public BootstrapTokenClient(String server, byte[] caPem, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.tls = ClusterInfoFetcher.trusting(TokenDiscovery.parseCas(caPem));
        this.token = token;
    }

    /** A ConfigMap, or empty when it does not exist. */
    public Optional<ConfigMap> configMap(String namespace, String name) {
        return get("/api/v1/namespaces/" + namespace + "/configmaps/" + name, ConfigMap.class,
                "ConfigMap " + namespace + "/" + name);
    }

    /** A Secret (kube-system/kubeadm-certs for a control-plane join), or empty when it does not exist. */
    public Optional<Secret> secret(String namespace, String name) {
        return get("/api/v1/namespaces/" + namespace + "/secrets/" + name, Secret.class,
                "Secret " + namespace + "/" + name);
    }

    /** The Node of that name, or empty when it is not registered. */
    public Optional<Node> node(String name) {
        return get("/api/v1/nodes/" + name, Node.class, "Node " + name);
    }

    private <T> Optional<T> get(String path, Class<T> type, String what) {
        HttpCall.Response response = ApiGet.get(server, path, tls, token, "verifying the server against the "
                + "discovered CA");
        return switch (response.status()) {
            case 200 -> Optional.of(serialization.unmarshal(response.body(), type));
            case 404 -> Optional.empty();
            case 401 -> throw new DiscoveryException(DiscoveryException.Reason.FORBIDDEN, "the API server at " + server
                    + " did not accept the bootstrap token when reading " + what + " (HTTP 401): it expired or was "
                    + "deleted; create a new one with 'bootstrap token create'");
            case 403 -> throw new DiscoveryException(DiscoveryException.Reason.FORBIDDEN, "the bootstrap token may not "
                    + "read " + what + " at " + server + " (HTTP 403): the RBAC rules kubeadm creates for joining "
                    + "nodes are missing (bootstrap init phase bootstrap-token)");
            default -> throw new DiscoveryException(DiscoveryException.Reason.UNREACHABLE, "the API server at "
                    + server + " answered HTTP " + response.status() + " for " + what);
        };
    }
}
