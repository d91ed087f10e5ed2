package dev.bootstrap.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upload-config phase: kube-system/kubeadm-config (the ClusterConfiguration that join and
 * upgrade read back) and kube-system/kubelet-config (the cluster-wide KubeletConfiguration joining
 * kubelets start from), plus the Roles that let joining nodes read both
 * (docs/kubeadm-compat.md#rbac-and-configmaps).
 */
public final class UploadConfig {

    public static final String NAMESPACE = "kube-system";
    public static final String KUBEADM_CONFIG = "kubeadm-config";
    public static final String CLUSTER_CONFIGURATION_KEY = "ClusterConfiguration";
    public static final String KUBELET_CONFIG = "kubelet-config";
    public static final String KUBELET_KEY = "kubelet";

    private final ObjectApplier applier;

    public UploadConfig(KubernetesClient client) {
        this.applier = new ObjectApplier(client);
    }

    /**
     * @param clusterConfigurationYaml {@code KubeadmConfig.clusterConfigurationYaml()}
     * @param kubeletConfigurationYaml the KubeletConfiguration text kubelet-start writes to
     *                                 /var/lib/kubelet/config.yaml
     */
    public List<ObjectApplier.Applied> upload(String clusterConfigurationYaml, String kubeletConfigurationYaml) {
        List<ObjectApplier.Applied> done = new ArrayList<>();
        done.add(applier.apply(kubeadmConfig(clusterConfigurationYaml)));
        done.add(applier.apply(kubeletConfig(kubeletConfigurationYaml)));
        done.addAll(applier.applyAll(KubeadmRbac.configReaders()));
        return done;
    }

    public static ConfigMap kubeadmConfig(String clusterConfigurationYaml) {
        return configMap(KUBEADM_CONFIG, CLUSTER_CONFIGURATION_KEY, clusterConfigurationYaml);
    }

    /** kubelet-config, signed with kubeadm's component-config hash so kubeadm sees it as its own. */
    public static ConfigMap kubeletConfig(String kubeletConfigurationYaml) {
        return ComponentConfigHash.sign(configMap(KUBELET_CONFIG, KUBELET_KEY, kubeletConfigurationYaml));
    }

    private static ConfigMap configMap(String name, String key, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE).endMetadata()
                .withData(Map.of(key, value)).build();
    }
}
