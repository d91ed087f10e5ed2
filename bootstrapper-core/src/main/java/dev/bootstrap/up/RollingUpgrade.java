package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.phases.Interruption;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.phases.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code up} on a running cluster older than its file: every hop of the {@link UpgradePath}, each a run of
 * {@link UpSchedule}'s upgrade pipelines. A hop starts only when the one before finished on every node; a hop
 * whose kubelets are left to the user (no spec.upgrade.kubeletCommand) ends the run there, naming them. Once the
 * last hop is done the marker goes, and up's usual pipelines find the cluster at the file's version.
 */
final class RollingUpgrade {

    private final UpRun run;
    private final UpgradePath path;
    private final Interruption interruption;
    private final Consumer<PhaseEvent> events;

    RollingUpgrade(UpRun run, UpgradePath path, Interruption interruption, Consumer<PhaseEvent> events) {
        this.run = run;
        this.path = path;
        this.interruption = interruption;
        this.events = events;
    }

    /**
     * Whether the running cluster must be upgraded first: its first control plane runs an older version than the
     * file, or a stopped upgrade left its marker. Empty for a new cluster, a file older than the cluster (up's
     * cluster-version phase refuses it) or an unreachable first control plane (up's connect phase reports that).
     */
    static Optional<UpgradePath> needed(UpRun run) {
        try {
            return needed(run.file, run.hosts.resolve(run.first().name()));
        } catch (HostException unreachable) {
            return Optional.empty();
        }
    }

    /** @param first the file's first control plane */
    static Optional<UpgradePath> needed(ClusterFile file, Host first) {
        Optional<KubernetesVersion> running = ClusterVersionPhase.running(first);
        if (running.isEmpty()) {
            return Optional.empty(); // a new cluster: nothing runs yet
        }
        KubernetesVersion wanted = file.kubeadm().kubernetesVersion();
        Optional<KubernetesVersion> underWay = UpgradeMarker.read(first);
        if (KubernetesVersion.RELEASE_ORDER.compare(running.get(), wanted) >= 0 && underWay.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(UpgradePath.of(file, running.get(), underWay));
    }

    RunReport run() {
        Map<String, List<PhaseResult>> all = new LinkedHashMap<>();
        boolean firstHop = true;
        for (KubernetesVersion hop : path.hops()) {
            RollingRun rolling = new RollingRun(run, hop);
            List<UpNode> nodes = new ArrayList<>();
            RunReport report;
            try {
                report = new PhaseRunner(run.file.concurrency(), events, interruption).runPlans(
                        plans(rolling, firstHop, nodes), SkipPhases.NONE);
            } finally {
                nodes.forEach(UpNode::closeUpgrade);
                rolling.close();
            }
            report.byHost().forEach((host, results) -> all.computeIfAbsent(host, h -> new ArrayList<>()).addAll(results));
            if (!report.ok()) {
                return new RunReport(all);
            }
            if (!rolling.kubeletsBehind().isEmpty()) {
                String first = run.first().name();
                all.get(first).add(stop(first, hop, rolling.kubeletsBehind()));
                return new RunReport(all);
            }
            firstHop = false;
        }
        UpgradeMarker.remove(run.hosts.resolve(run.first().name()));
        return new RunReport(all);
    }

    /** @param nodes gets each node's pipeline context, to be closed after the hop */
    private List<PhaseRunner.Plan<UpNode>> plans(RollingRun rolling, boolean firstHop, List<UpNode> nodes) {
        List<PhaseRunner.Plan<UpNode>> plans = new ArrayList<>();
        String previous = null;
        for (ClusterNode n : run.file.controlPlanes()) {
            UpNode node = new UpNode(n, run, false);
            nodes.add(node);
            plans.add(new PhaseRunner.Plan<>(n.name(), node, previous == null
                    ? UpSchedule.upgradingFirstControlPlane(rolling, firstHop)
                    : UpSchedule.upgrading(rolling, Optional.of(previous)), rolling::failed));
            previous = n.name();
        }
        for (ClusterNode n : run.file.workers()) {
            UpNode node = new UpNode(n, run, false);
            nodes.add(node);
            plans.add(new PhaseRunner.Plan<>(n.name(), node, UpSchedule.upgrading(rolling, Optional.empty()),
                    rolling::failed));
        }
        return plans;
    }

    /** The end of a hop whose kubelets the user upgrades: what to do before running up again. */
    private PhaseResult stop(String first, KubernetesVersion hop, List<String> behind) {
        String error = "the control plane runs " + hop + ", but the kubelets of " + String.join(", ", behind)
                + " do not: upgrade the kubelet package on each to " + hop + " and restart it (or set "
                + "spec.upgrade.kubeletCommand), then run up again to go on";
        events.accept(new PhaseEvent(Instant.now(), KubeletUpgradePhase.SPEC.name(), first, Status.FAILED, Duration.ZERO,
                KubeletUpgradePhase.SPEC.title(), error));
        return new PhaseResult(KubeletUpgradePhase.SPEC.name(), first, Status.FAILED, Duration.ZERO, List.of(), error);
    }
}
