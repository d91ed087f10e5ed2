package dev.bootstrap.join;

import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.discovery.BootstrapTokenClient;
import dev.bootstrap.discovery.TokenDiscovery;
import io.fabric8.kubernetes.api.model.ConfigMap;

/**
 * What the orchestrator learns about the cluster once, for every joining node: discovery's server and
 * CA, the TLS bootstrap token, the ClusterConfiguration of kubeadm-config and the KubeletConfiguration
 * of kubelet-config (both read with the token over TLS verified against the discovered CA, as kubeadm
 * does).
 */
public record ClusterFacts(String server, byte[] caPem, String tlsBootstrapToken, KubeadmConfig cluster,
                           String kubeletConfig) {

    public static final String KUBEADM_CONFIG = "kubeadm-config";
    public static final String KUBELET_CONFIG = "kubelet-config";

    public static ClusterFacts read(TokenDiscovery.Result discovered, String tlsBootstrapToken) {
        BootstrapTokenClient client = client(discovered, tlsBootstrapToken);
        ConfigMap kubeadm = client.configMap("kube-system", KUBEADM_CONFIG).orElseThrow(() -> new JoinException(
                "the cluster at " + discovered.server() + " has no ConfigMap kube-system/" + KUBEADM_CONFIG
                        + ": was it made with 'bootstrap init' (or kubeadm init) and did its upload-config phase run?"));
        String clusterYaml = data(kubeadm, "ClusterConfiguration");
        KubeadmConfig config;
        try {
            config = KubeadmConfigReader.readInit("ConfigMap kube-system/" + KUBEADM_CONFIG, clusterYaml, InitFlags.NONE);
        } catch (ConfigException e) {
            throw new JoinException("the cluster's ClusterConfiguration cannot be used: " + e.getMessage(), e);
        }
        ConfigMap kubelet = client.configMap("kube-system", KUBELET_CONFIG).orElseThrow(() -> new JoinException(
                "the cluster at " + discovered.server() + " has no ConfigMap kube-system/" + KUBELET_CONFIG
                        + ": run 'bootstrap init phase upload-config kubelet' on the control plane"));
        return new ClusterFacts(discovered.server(), discovered.caPem(), tlsBootstrapToken, config,
                data(kubelet, "kubelet"));
    }

    private static String data(ConfigMap cm, String key) {
        String value = cm.getData() == null ? null : cm.getData().get(key);
        if (value == null || value.isBlank()) {
            throw new JoinException("ConfigMap kube-system/" + cm.getMetadata().getName() + " has no \"" + key + "\" key");
        }
        return value;
    }

    private static BootstrapTokenClient client(TokenDiscovery.Result discovered, String token) {
        return new BootstrapTokenClient(discovered.server(), discovered.caPem(), token);
    }

    /** A client that reads with the bootstrap token (e.g. the joining node's Node object). */
    public BootstrapTokenClient client() {
        return new BootstrapTokenClient(server, caPem, tlsBootstrapToken);
    }

    /** The cluster's controlPlaneEndpoint ("" when it has none), which a control-plane join requires. */
    public String controlPlaneEndpoint() {
        return cluster.cluster().controlPlaneEndpoint();
    }

    @Override
    public String toString() {
        return "ClusterFacts[" + server + ", token=<secret>]";
    }
}
