package dev.bootstrap.cluster;

import dev.bootstrap.config.KubernetesVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code spec.upgrade}: how {@code up} carries a running cluster to a raised {@code spec.kubernetesVersion}.
 *
 * @param via                intermediate versions, one per minor between the cluster's and the file's (kubeadm
 *                           upgrades one minor at a time; bootstrap never picks a patch version itself)
 * @param maxUnavailable     workers upgraded at once: a count ("2") or a percentage of the workers ("25%"); empty:
 *                           1 below 10 workers, else 10%
 * @param drainTimeout       how long a node's drain may take before the run stops (kubectl drain's --timeout)
 * @param drainGracePeriod   seconds each evicted Pod gets to stop; empty: the Pod's own
 * @param deleteEmptyDirData whether Pods with emptyDir volumes may be evicted (their data is lost)
 * @param kubeletCommand     run on each node (after its drain) to put the new kubelet in place, with
 *                           {@code VERSION} (e.g. v1.37.1) in its environment; "" when the kubelet is upgraded by hand
 */
public record UpgradeSpec(List<KubernetesVersion> via, Optional<String> maxUnavailable, Duration drainTimeout,
                          OptionalInt drainGracePeriod, boolean deleteEmptyDirData, String kubeletCommand) {

    /** kubectl drain's and k0sctl's drain timeout. */
    public static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(300);
    public static final UpgradeSpec DEFAULT = new UpgradeSpec(List.of(), Optional.empty(), DRAIN_TIMEOUT,
            OptionalInt.empty(), false, "");

    public UpgradeSpec {
        via = List.copyOf(via);
    }

    /** How many of {@code workers} workers are upgraded at once (at least 1). */
    public int batchSize(int workers) {
        if (workers == 0) {
            return 1;
        }
        String value = maxUnavailable.orElse(workers < 10 ? "1" : "10%");
        int size = value.endsWith("%")
                ? (int) Math.ceil(workers * Integer.parseInt(value.substring(0, value.length() - 1)) / 100.0)
                : Integer.parseInt(value);
        return Math.max(1, Math.min(size, workers));
    }
}
