package dev.bootstrap.upgrade;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Which pods of a node a drain evicts: kubectl drain's filters (k8s.io/kubectl/pkg/drain/filters.go,
 * {@code makeFilters}) in its order, the first that keeps a pod deciding; as {@code kubectl drain
 * --ignore-daemonsets} without {@code --force}.
 */
final class DrainFilters {

    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    enum Verdict {
        EVICT(""),
        /** Its DaemonSet ignores the cordon and would start it again at once. */
        DAEMON_SET("DaemonSet-managed"),
        /** The kubelet's copy of a static Pod: the API cannot delete it. */
        MIRROR("mirror Pod"),
        LOCAL_STORAGE("cannot delete Pods with local storage (set spec.upgrade.deleteEmptyDirData to override)"),
        /** Nothing would start it again elsewhere. */
        UNMANAGED("cannot delete Pods that declare no controller (delete or re-create them under a controller first)");

        final String message;

        Verdict(String message) {
            this.message = message;
        }

        boolean refuses() {
            return this == LOCAL_STORAGE || this == UNMANAGED;
        }
    }

    private DrainFilters() {
    }

    static Verdict judge(Pod pod, boolean deleteEmptyDirData) {
        Optional<OwnerReference> controller = controllerOf(pod);
        // kubectl: "any finished pod can be removed", even a DaemonSet's
        boolean finished = pod.getStatus() != null
                && List.of("Succeeded", "Failed").contains(pod.getStatus().getPhase());
        if (!finished && controller.filter(c -> "DaemonSet".equals(c.getKind())).isPresent()) {
            return Verdict.DAEMON_SET;
        }
        if (pod.getMetadata().getAnnotations() != null
                && pod.getMetadata().getAnnotations().containsKey(MIRROR_ANNOTATION)) {
            return Verdict.MIRROR;
        }
        if (finished) {
            return Verdict.EVICT;
        }
        if (!deleteEmptyDirData && pod.getSpec() != null && pod.getSpec().getVolumes() != null
                && pod.getSpec().getVolumes().stream().anyMatch(v -> v.getEmptyDir() != null)) {
            return Verdict.LOCAL_STORAGE;
        }
        return controller.isPresent() ? Verdict.EVICT : Verdict.UNMANAGED;
    }

    private static Optional<OwnerReference> controllerOf(Pod pod) {
        return Optional.ofNullable(pod.getMetadata().getOwnerReferences()).orElse(List.of()).stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst();
    }
}
