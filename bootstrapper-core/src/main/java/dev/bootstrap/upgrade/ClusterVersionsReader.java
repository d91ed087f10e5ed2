package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the cluster runs, read through its API as kubeadm's upgrade reads it since v1.30
 * (cmd/kubeadm/app/phases/upgrade/compute.go): the version of kube-apiserver's image on each control plane,
 * from its static Pod's mirror Pod (labels {@code component=kube-apiserver}, {@code tier=control-plane}), and each
 * Node's kubelet version from its status.
 */
public final class ClusterVersionsReader {

    static final String COMPONENT = "kube-apiserver";

    private ClusterVersionsReader() {
    }

    /** @throws IllegalStateException naming the Pod and its image when an image's tag is not a version */
    public static SkewPolicy.ClusterVersions read(KubernetesClient api) {
        Map<String, KubernetesVersion> apiServers = new LinkedHashMap<>();
        for (Pod pod : api.pods().inNamespace("kube-system").withLabel("component", COMPONENT)
                .withLabel("tier", "control-plane").list().getItems()) {
            String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            if (node != null) {
                apiServers.put(node, imageVersion(pod));
            }
        }
        Map<String, KubernetesVersion> kubelets = new LinkedHashMap<>();
        for (Node node : api.nodes().list().getItems()) {
            kubeletVersion(node).ifPresent(v -> kubelets.put(node.getMetadata().getName(), v));
        }
        return new SkewPolicy.ClusterVersions(apiServers, kubelets);
    }

    /** The version in the image tag ({@code registry.k8s.io/kube-apiserver:v1.36.1}; '_' stands for '+'). */
    static KubernetesVersion imageVersion(Pod pod) {
        String image = pod.getSpec().getContainers().stream().filter(c -> COMPONENT.equals(c.getName())).findFirst()
                .or(() -> pod.getSpec().getContainers().stream().findFirst()).map(Container::getImage).orElse("");
        String tag = image.substring(image.lastIndexOf(':') + 1).replace('_', '+');
        return KubernetesVersion.parse(tag).orElseThrow(() -> new IllegalStateException("Pod kube-system/"
                + pod.getMetadata().getName() + " runs image \"" + image + "\", whose tag is not a Kubernetes version: "
                + "the cluster's version cannot be read from it"));
    }

    private static Optional<KubernetesVersion> kubeletVersion(Node node) {
        return Optional.ofNullable(node.getStatus()).map(s -> s.getNodeInfo()).map(i -> i.getKubeletVersion())
                .flatMap(KubernetesVersion::parse);
    }
}
