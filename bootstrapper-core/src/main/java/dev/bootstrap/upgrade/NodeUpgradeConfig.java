package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.MarkControlPlane;
import dev.bootstrap.apiserver.UploadConfig;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Host;
import dev.bootstrap.join.JoinedNode;
import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The configuration an upgrade works from on one node, read from the cluster and the node as kubeadm's
 * FetchInitConfigurationFromCluster does (cmd/kubeadm/app/util/config/cluster.go): the ClusterConfiguration of
 * kube-system/kubeadm-config with the target version; the node's name from its kubelet's client certificate; on a
 * control plane its API server's advertise address and port from the kube-apiserver manifest's annotation; the CRI
 * socket from the Node's annotation. Never from a user's file: upgrade changes versions, not configuration.
 *
 * @param config         resolved for this node at the target version
 * @param clusterVersion the version kubeadm-config held before this run
 */
record NodeUpgradeConfig(KubeadmConfig config, KubernetesVersion clusterVersion) {

    static final String ADVERTISE_ANNOTATION = "kubeadm.kubernetes.io/kube-apiserver.advertise-address.endpoint";

    /**
     * @param target the version to upgrade to; empty: the version in kubeadm-config (upgrade node after apply)
     */
    static NodeUpgradeConfig read(KubernetesClient client, Host node, boolean controlPlane,
                                  Optional<KubernetesVersion> target, UpgradeOptions options) {
        String clusterYaml = data(client, UploadConfig.KUBEADM_CONFIG, UploadConfig.CLUSTER_CONFIGURATION_KEY,
                "run 'bootstrap init phase upload-config kubeadm' on a control plane (kubeadm: 'kubeadm init phase "
                        + "upload-config kubeadm')");
        String source = "ConfigMap " + UploadConfig.NAMESPACE + "/" + UploadConfig.KUBEADM_CONFIG;
        String nodeName = JoinedNode.nodeName(node).orElseThrow(() -> new UpgradeException("[" + node.name() + "] "
                + NodeLayout.KUBELET_CONF + " is missing: this node has not joined a cluster (run 'bootstrap join' "
                + "or 'bootstrap init' first)"));
        HostPort endpoint = controlPlane ? advertised(node) : null;
        try {
            KubernetesVersion current = KubeadmConfigReader.readInit(source, clusterYaml, InitFlags.NONE).cluster()
                    .kubernetesVersion();
            String version = target.orElse(current).toString();
            KubeadmConfig config = KubeadmConfigReader.readInit(source, clusterYaml, InitFlags.upgrade(
                    endpoint == null ? null : endpoint.host(),
                    endpoint == null || endpoint.port().isEmpty() ? null : endpoint.port().getAsInt(),
                    nodeName, version, criSocket(client, nodeName)));
            config = new KubeadmConfig(config.init().withUpgradeOptions(options.patchesDirectory(), options.timeouts()),
                    config.cluster());
            return new NodeUpgradeConfig(config, current);
        } catch (ConfigException e) {
            throw new UpgradeException("the cluster's configuration cannot be upgraded: " + e.getMessage(), e);
        }
    }

    /** The cluster's KubeletConfiguration (kube-system/kubelet-config), which each node's config.yaml is made from. */
    static String kubeletConfig(KubernetesClient client) {
        return data(client, UploadConfig.KUBELET_CONFIG, UploadConfig.KUBELET_KEY,
                "run 'bootstrap init phase upload-config kubelet' on a control plane");
    }

    private static String data(KubernetesClient client, String name, String key, String fix) {
        ConfigMap map = client.configMaps().inNamespace(UploadConfig.NAMESPACE).withName(name).get();
        String value = map == null || map.getData() == null ? null : map.getData().get(key);
        if (value == null || value.isBlank()) {
            throw new UpgradeException("the ConfigMap \"" + name + "\" in the \"" + UploadConfig.NAMESPACE
                    + "\" namespace " + (map == null ? "was not found" : "has no \"" + key + "\" key") + ": " + fix);
        }
        return value;
    }

    /** host:port of the kube-apiserver.yaml annotation, as kubeadm's getAPIEndpoint reads it from the mirror Pod. */
    private static HostPort advertised(Host node) {
        String path = NodeLayout.manifest("kube-apiserver");
        String where = "[" + node.name() + "] " + path;
        byte[] manifest = node.readFile(path).orElseThrow(() -> new UpgradeException(where + " is missing: this is "
                + "not a control plane"));
        Pod pod = KubeSerialization.SHARED.unmarshal(new String(manifest, StandardCharsets.UTF_8),
                Pod.class);
        String value = pod.getMetadata() == null || pod.getMetadata().getAnnotations() == null ? null
                : pod.getMetadata().getAnnotations().get(ADVERTISE_ANNOTATION);
        return Optional.ofNullable(value).flatMap(HostPort::parse).orElseThrow(() -> new UpgradeException(where
                + " has no usable " + ADVERTISE_ANNOTATION + " annotation (got " + value + "); kubeadm and bootstrap "
                + "write it at init and join"));
    }

    private static String criSocket(KubernetesClient client, String nodeName) {
        Node node = client.nodes().withName(nodeName).get();
        return node == null || node.getMetadata().getAnnotations() == null ? null
                : node.getMetadata().getAnnotations().get(MarkControlPlane.CRI_SOCKET_ANNOTATION);
    }
}
