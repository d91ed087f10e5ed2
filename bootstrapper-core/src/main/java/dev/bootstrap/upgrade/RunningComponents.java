package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster runs, as its API shows it: each control-plane component's image tag on each control plane (from
 * the static Pods' mirror Pods), the kube-proxy and CoreDNS image tags, and each Node's kubelet version.
 *
 * @param staticPods component ({@code kube-apiserver}, {@code etcd}, ...) to node to image tag
 */
public record RunningComponents(Map<String, Map<String, String>> staticPods, Optional<String> kubeProxy,
                                Optional<String> coreDns, Map<String, KubernetesVersion> kubelets) {

    public static final String API_SERVER = "kube-apiserver";

    public RunningComponents {
        Map<String, Map<String, String>> copy = new LinkedHashMap<>();
        staticPods.forEach((component, byNode) -> copy.put(component, Map.copyOf(byNode)));
        staticPods = Map.copyOf(copy);
        kubelets = Map.copyOf(kubelets);
    }

    /** What the skew policy judges: the API servers' versions (their image tags) and the kubelets'. */
    public SkewPolicy.ClusterVersions versions() {
        Map<String, KubernetesVersion> apiServers = new LinkedHashMap<>();
        staticPods.getOrDefault(API_SERVER, Map.of()).forEach((node, tag) -> apiServers.put(node, KubernetesVersion.fromImageTag(tag)
                .orElseThrow(() -> new IllegalStateException("kube-apiserver on " + node + " runs image tag \"" + tag
                        + "\", which is not a Kubernetes version: the cluster's version cannot be read from it"))));
        return new SkewPolicy.ClusterVersions(apiServers, kubelets);
    }
}
