package dev.bootstrap.apiserver;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.Taint;
import dev.bootstrap.config.VersionTable;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The mark-control-plane phase (cmd/kubeadm/app/phases/markcontrolplane/markcontrolplane.go): once the kubelet has
 * registered the Node, add the control-plane labels and taints (taints already there are kept, none is added twice)
 * and, where the version still keeps it on the Node, the cri-socket annotation.
 */
public final class MarkControlPlane {

    public static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";
    public static final String EXCLUDE_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
    public static final String CRI_SOCKET_ANNOTATION = "kubeadm.alpha.kubernetes.io/cri-socket";
    private static final Duration FIRST_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_DELAY = Duration.ofSeconds(4);

    private final KubernetesClient client;

    public MarkControlPlane(KubernetesClient client) {
        this.client = client;
    }

    /**
     * The socket to annotate the Node with, or empty when NodeLocalCRISocket is on (1.34 default):
     * then the socket lives in /var/lib/kubelet/instance-config.yaml instead.
     */
    public static Optional<String> criSocketAnnotation(KubeadmConfig config) {
        return config.featureEnabled(VersionTable.NODE_LOCAL_CRI_SOCKET) ? Optional.empty()
                : Optional.of(config.init().nodeRegistration().criSocketUrl());
    }

    /** Marks the node of {@code config} (its name, nodeRegistration.taints, cri-socket rule). */
    public List<ObjectApplier.Applied> mark(KubeadmConfig config, Duration timeout) throws InterruptedException {
        return mark(config.nodeName(), config.init().nodeRegistration().taints(), criSocketAnnotation(config), timeout);
    }

    public List<ObjectApplier.Applied> mark(String nodeName, List<Taint> taints, Optional<String> criSocket,
                                            Duration timeout) throws InterruptedException {
        Node node = awaitNode(nodeName, timeout);
        Map<String, String> labels = node.getMetadata().getLabels() == null ? new HashMap<>()
                : new HashMap<>(node.getMetadata().getLabels());
        Map<String, String> annotations = node.getMetadata().getAnnotations() == null ? new HashMap<>()
                : new HashMap<>(node.getMetadata().getAnnotations());
        List<io.fabric8.kubernetes.api.model.Taint> nodeTaints = node.getSpec() == null || node.getSpec().getTaints() == null
                ? new ArrayList<>() : new ArrayList<>(node.getSpec().getTaints());
        List<String> changes = new ArrayList<>();
        for (String label : List.of(CONTROL_PLANE_LABEL, EXCLUDE_LB_LABEL)) {
            if (!"".equals(labels.put(label, ""))) {
                changes.add("label " + label);
            }
        }
        for (Taint t : taints) {
            // kubeadm's taintExists: the same key and effect is the same taint, whatever its value
            boolean present = nodeTaints.stream().anyMatch(n -> n.getKey().equals(t.key()) && n.getEffect().equals(t.effect()));
            if (!present) {
                nodeTaints.add(new TaintBuilder().withKey(t.key()).withValue(t.value().isEmpty() ? null : t.value())
                        .withEffect(t.effect()).build());
                changes.add("taint " + t.key() + (t.value().isEmpty() ? "" : "=" + t.value()) + ":" + t.effect());
            }
        }
        if (criSocket.isPresent() && !criSocket.get().equals(annotations.put(CRI_SOCKET_ANNOTATION, criSocket.get()))) {
            changes.add("annotation " + CRI_SOCKET_ANNOTATION + "=" + criSocket.get());
        }
        String what = "Node " + nodeName;
        if (changes.isEmpty()) {
            return List.of(new ObjectApplier.Applied(false, "unchanged " + what));
        }
        client.nodes().withName(nodeName).edit(n -> new NodeBuilder(n)
                .editMetadata().withLabels(labels).withAnnotations(annotations).endMetadata()
                .editOrNewSpec().withTaints(nodeTaints).endSpec()
                .build());
        return List.of(new ObjectApplier.Applied(true, "marked " + what + " as control plane: "
                + String.join(", ", changes)));
    }

    /** Polls for the Node with backoff until it exists or {@code timeout} passes. */
    private Node awaitNode(String nodeName, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration delay = FIRST_DELAY;
        while (true) {
            Node node = client.nodes().withName(nodeName).get();
            if (node != null) {
                return node;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("Node \"" + nodeName + "\" did not appear in the API server within "
                        + timeout.toSeconds() + "s; the kubelet registers it: check that the kubelet runs "
                        + "(systemctl status kubelet; journalctl -xeu kubelet) and that its node name is \""
                        + nodeName + "\" (--node-name, nodeRegistration.name)");
            }
            Thread.sleep(Math.min(delay.toMillis(), Math.max(1, left / 1_000_000)));
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        }
    }
}
