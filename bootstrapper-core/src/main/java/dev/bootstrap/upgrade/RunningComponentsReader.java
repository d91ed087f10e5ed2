package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Reads what the cluster runs through its API, as kubeadm's upgrade reads it since v1.30
 * (cmd/kubeadm/app/phases/upgrade/compute.go): each control-plane component's image on each control plane from
 * its static Pod's mirror Pod (labels {@code component=<name>}, {@code tier=control-plane}), the kube-proxy
 * DaemonSet's and the CoreDNS Deployment's images, and each Node's {@code status.nodeInfo.kubeletVersion}.
 */
public final class RunningComponentsReader {

    /** The static Pods kubeadm runs on a control plane, in kubeadm's plan order. */
    static final List<String> STATIC_PODS = List.of(RunningComponents.API_SERVER, "kube-controller-manager",
            "kube-scheduler", "etcd");

    private RunningComponentsReader() {
    }

    public static RunningComponents read(KubernetesClient api) {
        Map<String, Map<String, String>> staticPods = new LinkedHashMap<>();
        for (String component : STATIC_PODS) {
            Map<String, String> byNode = new TreeMap<>();
            for (Pod pod : api.pods().inNamespace("kube-system").withLabel("component", component)
                    .withLabel("tier", "control-plane").list().getItems()) {
                String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
                if (node != null) {
                    tag(pod.getSpec(), component).ifPresent(t -> byNode.put(node, t));
                }
            }
            staticPods.put(component, byNode);
        }
        DaemonSet proxy = api.apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").get();
        Deployment dns = api.apps().deployments().inNamespace("kube-system").withName("coredns").get();
        Map<String, KubernetesVersion> kubelets = new TreeMap<>();
        for (Node node : api.nodes().list().getItems()) {
            Optional.ofNullable(node.getStatus()).map(s -> s.getNodeInfo()).map(i -> i.getKubeletVersion())
                    .flatMap(KubernetesVersion::parse).ifPresent(v -> kubelets.put(node.getMetadata().getName(), v));
        }
        return new RunningComponents(staticPods,
                Optional.ofNullable(proxy).flatMap(d -> tag(d.getSpec().getTemplate().getSpec(), "kube-proxy")),
                Optional.ofNullable(dns).flatMap(d -> tag(d.getSpec().getTemplate().getSpec(), "coredns")), kubelets);
    }

    /** The tag of the named container's image (or the first container's): what follows the last ':'. */
    public static Optional<String> tag(PodSpec spec, String container) {
        if (spec == null || spec.getContainers() == null || spec.getContainers().isEmpty()) {
            return Optional.empty();
        }
        return imageTag(spec.getContainers().stream().filter(c -> container.equals(c.getName())).findFirst()
                .orElse(spec.getContainers().get(0)).getImage());
    }

    /** An image's tag: what follows the last ':' after the last '/'; empty without one. */
    public static Optional<String> imageTag(String image) {
        return image == null || image.indexOf(':', image.lastIndexOf('/') + 1) < 0 ? Optional.empty()
                : Optional.of(image.substring(image.lastIndexOf(':') + 1));
    }
}
