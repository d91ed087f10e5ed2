package dev.bootstrap.upgrade;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The kubelet's mirror Pods of one node's static Pods ({@code kube-system/<component>-<node>}), watched as
 * kubeadm's upgrade watches them (cmd/kubeadm/app/util/apiclient/wait.go: WaitForStaticPodHash,
 * WaitForStaticPodHashChange, every 500 ms). The API server itself restarts during an upgrade, so a failed read
 * is "not yet", until the deadline.
 */
final class MirrorPods {

    static final String HASH = "kubernetes.io/config.hash";
    static final String NAMESPACE = "kube-system";
    private static final Duration POLL = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final String node;

    MirrorPods(KubernetesClient client, String node) {
        this.client = client;
        this.node = node;
    }

    /** The component's current config hash, waiting up to {@code timeout} for its mirror Pod. */
    String hash(String component, Duration timeout) throws InterruptedException {
        return await(component, timeout, "have a mirror Pod with a " + HASH + " annotation", p -> hashOf(p).isPresent())
                .flatMap(MirrorPods::hashOf).orElseThrow();
    }

    /** Returns once the mirror Pod's hash differs from {@code before} (the kubelet runs the new manifest). */
    void awaitHashChange(String component, String before, Duration timeout) throws InterruptedException {
        await(component, timeout, "change its static Pod hash (still " + before + ")",
                p -> hashOf(p).filter(h -> !h.equals(before)).isPresent());
    }

    /** Returns once the mirror Pod reports phase Running (kubeadm's WaitForPodsWithLabel). */
    void awaitRunning(String component, Duration timeout) throws InterruptedException {
        await(component, timeout, "be Running", p -> p != null && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase()));
    }

    /** Returns once the mirror Pod is gone (the kubelet stopped the static Pod whose manifest was taken away). */
    void awaitGone(String component, Duration timeout) throws InterruptedException {
        await(component, timeout, "be stopped (its manifest was moved away)", p -> p == null);
    }

    private Optional<Pod> await(String component, Duration timeout, String what, Predicate<Pod> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not read yet";
        while (true) {
            try {
                Pod pod = client.pods().inNamespace(NAMESPACE).withName(component + "-" + node).get();
                if (done.test(pod)) {
                    return Optional.ofNullable(pod);
                }
                last = pod == null ? "no mirror Pod" : "hash " + hashOf(pod).orElse("(none)") + ", phase "
                        + (pod.getStatus() == null ? "(none)" : pod.getStatus().getPhase());
            } catch (KubernetesClientException e) {
                last = "the API server did not answer (" + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new UpgradeException("static Pod " + component + " on Node " + node + " did not " + what
                        + " within " + timeout.toSeconds() + "s (last seen: " + last + "); is the kubelet running on "
                        + node + " and can it reach the API server?");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    static Optional<String> hashOf(Pod pod) {
        return pod == null || pod.getMetadata().getAnnotations() == null ? Optional.empty()
                : Optional.ofNullable(pod.getMetadata().getAnnotations().get(HASH));
    }
}
