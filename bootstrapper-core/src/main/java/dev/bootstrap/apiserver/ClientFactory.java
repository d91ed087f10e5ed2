package dev.bootstrap.apiserver;

import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.kubeconfig.KubeconfigCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * fabric8 clients built from kubeconfig TEXT (the caller reads admin.conf through its Host, so the
 * file may live on a node over SSH). Nothing is taken from ~/.kube, KUBECONFIG or system
 * properties: the cluster we bootstrap is the only one this client may talk to.
 */
public final class ClientFactory {

    /** Connecting is quick on a healthy control plane; a longer wait hides a wrong address. */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    static final int REQUEST_TIMEOUT_MS = 30_000;
    /** fabric8 retries connection failures and 5xx with backoff; a few, so a down server fails fast. */
    static final int RETRY_LIMIT = 3;
    static final int RETRY_INTERVAL_MS = 500;

    private ClientFactory() {
    }

    /**
     * @param source where the text came from ("[node1] /etc/kubernetes/admin.conf"), for errors
     */
    public static KubernetesClient fromKubeconfig(String kubeconfig, String source) {
        KubeconfigCluster.of(kubeconfig, source); // fabric8 would silently default a missing server
        Config config;
        try {
            config = Config.fromKubeconfig(kubeconfig);
        } catch (KubernetesClientException | IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": not a usable kubeconfig: " + e.getMessage(), e);
        }
        config.setConnectionTimeout(CONNECT_TIMEOUT_MS);
        config.setRequestTimeout(REQUEST_TIMEOUT_MS);
        config.setRequestRetryBackoffLimit(RETRY_LIMIT);
        config.setRequestRetryBackoffInterval(RETRY_INTERVAL_MS);
        return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(KubeSerialization.SHARED).build();
    }
}
