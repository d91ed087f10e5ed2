package dev.bootstrap.manifests;

import dev.bootstrap.config.ClusterConfiguration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image names kubeadm uses for a configuration (cmd/kubeadm/app/images/images.go;
 * docs/kubeadm-compat.md#images-config-images-list), including the CoreDNS repository rule.
 */
public final class Images {

    private final ClusterConfiguration cluster;

    public Images(ClusterConfiguration cluster) {
        this.cluster = cluster;
    }

    /** kube-apiserver, kube-controller-manager, kube-scheduler or kube-proxy at the cluster's version. */
    public String kubernetes(String component) {
        return cluster.imageRepository() + "/" + component + ":" + cluster.kubernetesVersion().imageTag();
    }

    public String pause() {
        return cluster.imageRepository() + "/pause:" + cluster.release().pauseTag();
    }

    public String etcd() {
        ClusterConfiguration.LocalEtcd local = cluster.etcd().local();
        String repo = local != null && !local.imageRepository().isEmpty() ? local.imageRepository()
                : cluster.imageRepository();
        return repo + "/etcd:" + etcdTag();
    }

    /** The etcd tag in use: etcd.local.imageTag or the version table's. */
    public String etcdTag() {
        ClusterConfiguration.LocalEtcd local = cluster.etcd().local();
        return local != null && !local.imageTag().isEmpty() ? local.imageTag() : cluster.release().etcdTag();
    }

    /** Only the default registry keeps CoreDNS under a "coredns/" sub-path; mirrors get repo/coredns:tag. */
    public String coreDns() {
        String repo = cluster.dns().imageRepository().isEmpty() ? cluster.imageRepository()
                : cluster.dns().imageRepository();
        if (repo.equals(ClusterConfiguration.DEFAULT_IMAGE_REPOSITORY)) {
            repo = repo + "/coredns";
        }
        String tag = cluster.dns().imageTag().isEmpty() ? cluster.release().coreDnsTag() : cluster.dns().imageTag();
        return repo + "/coredns:" + tag;
    }

    /** {@code kubeadm config images list} order. */
    public List<String> all() {
        return List.copyOf(neededBy().keySet());
    }

    /**
     * Each image of {@link #all} with what runs it on the nodes: a static Pod, an addon's workload (only when the
     * addon is enabled), or containerd's sandbox image; etcd only for a local etcd.
     */
    public Map<String, String> neededBy() {
        Map<String, String> images = new LinkedHashMap<>();
        for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            images.put(kubernetes(component), "static Pod kube-system/" + component);
        }
        if (!cluster.proxyDisabled()) {
            images.put(kubernetes("kube-proxy"), "DaemonSet kube-system/kube-proxy");
        }
        if (!cluster.dns().disabled()) {
            images.put(coreDns(), "Deployment kube-system/coredns");
        }
        images.put(pause(), "containerd sandbox image (pause)");
        if (cluster.localEtcd()) {
            images.put(etcd(), "static Pod kube-system/etcd");
        }
        return images;
    }
}
