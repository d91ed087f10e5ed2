package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.images.ClusterImages;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.state.Journal;
import dev.bootstrap.state.StoppableRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code bootstrap up}: brings every node of a cluster file to its role. Each node has its own
 * pipeline ({@link UpSchedule}: connect, preflight, then init or join), all started at once up to the file's
 * concurrency. Every phase is idempotent, so a run that died (even SIGKILLed) is
 * finished by running it again, and a run on a converged cluster changes nothing.
 */
public final class ClusterUp {

    private final StoppableRun stoppable = new StoppableRun();
    private volatile UpRun current;

    /**
     * What a run did: every phase on every node.
     *
     * @param warnings what the user should know though no node failed: damaged journals set aside
     */
    public record Result(RunReport report, List<String> warnings) {
    }

    /**
     * @param prune nodes the file no longer lists ({@link ClusterMembers#notInFile}) to reset and delete
     *              once the cluster is up; {@code hosts} must resolve them too
     */
    public Result run(ClusterFile file, HostResolver hosts, UpOptions options, List<ClusterNode> prune,
                      Consumer<PhaseEvent> events) {
        refuseUnresolvedImages(file, options.templates());
        UpRun run = new UpRun(file, hosts, options, new Journal());
        current = run;
        List<UpNode> nodes = new ArrayList<>();
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-lock-refresh");
            t.setDaemon(true);
            return t;
        });
        // The lock goes stale after 30 min without a refresh; long runs (an upgrade) keep it fresh.
        refresher.scheduleAtFixedRate(run::refreshLock, 5, 5, TimeUnit.MINUTES);
        try {
            // A running cluster older than the file is upgraded first; up's pipelines then find it at its version.
            Optional<UpgradePath> upgrade = RollingUpgrade.needed(run);
            RunReport upgraded = upgrade.isEmpty() ? new RunReport(Map.of())
                    : new RollingUpgrade(run, upgrade.get(), stoppable.interruption(), events).run();
            if (!upgraded.ok()) {
                return new Result(upgraded, run.journal.warnings());
            }
            RunReport report = new PhaseRunner(file.concurrency(), events, stoppable.interruption())
                    .runPlans(plans(file, run, prune, nodes), SkipPhases.NONE);
            return new Result(merged(upgraded, report), run.journal.warnings());
        } finally {
            run.keysAhead().close();
            refresher.shutdownNow();
            nodes.stream().filter(UpNode::isFirstControlPlane).forEach(ClusterUp::closeInit);
            run.releaseLock();
            stoppable.ended();
        }
    }

    /**
     * Fails naming each image of the cluster that does not resolve through spec.registries: {@link #run} starts with
     * it, and a caller that reaches nodes before (up's lookup of nodes not in the file) calls it first.
     */
    public static void refuseUnresolvedImages(ClusterFile file, TemplateRenderer templates) {
        List<String> unresolved = unresolvedImages(file, templates);
        if (!unresolved.isEmpty()) {
            throw new ConfigException("no node could pull these images through spec.registries, so up stopped before "
                    + "touching any node:\n  " + String.join("\n  ", unresolved));
        }
    }

    /**
     * The images of the cluster (kubeadm's and the CNI's) that do not resolve through the file's spec.registries,
     * each with what needs it and what to change.
     */
    static List<String> unresolvedImages(ClusterFile file, TemplateRenderer templates) {
        return file.registries().unresolved(ClusterImages.of(file, templates));
    }

    /** Each node's pipeline ({@link UpSchedule}); {@code nodes} gets the file's nodes' contexts. */
    private static List<PhaseRunner.Plan<UpNode>> plans(ClusterFile file, UpRun run, List<ClusterNode> prune,
                                                         List<UpNode> nodes) {
        List<PhaseRunner.Plan<UpNode>> plans = new ArrayList<>();
        String previousControlPlane = null;
        for (ClusterNode n : ordered(file)) {
            UpNode node = new UpNode(n, run, false);
            nodes.add(node);
            if (node.isFirstControlPlane()) {
                run.firstNode(node);
            }
            plans.add(new PhaseRunner.Plan<>(n.name(), node, node.isFirstControlPlane() ? UpSchedule.firstControlPlane()
                    : UpSchedule.joining(node, Optional.ofNullable(previousControlPlane)), run::failed));
            if (node.isControlPlane()) {
                previousControlPlane = n.name();
            }
        }
        for (ClusterNode n : prune) {
            plans.add(new PhaseRunner.Plan<>(n.name(), new UpNode(n, run, true), UpSchedule.removed(), run::failed));
        }
        return plans;
    }

    /** SIGINT or SIGTERM while {@link #run} runs: see {@link StoppableRun#stop}. */
    public void interrupt(Duration grace) {
        stoppable.stop(grace, () -> {
            UpRun run = current;
            if (run != null) {
                run.releaseLock();
            }
        });
    }

    /** The rolling upgrade's results, then up's, per host. */
    private static RunReport merged(RunReport first, RunReport then) {
        Map<String, List<PhaseResult>> all = new LinkedHashMap<>();
        for (RunReport r : List.of(first, then)) {
            r.byHost().forEach((host, results) -> all.computeIfAbsent(host, h -> new ArrayList<>()).addAll(results));
        }
        return new RunReport(all);
    }

    /** The first control plane, the other control planes in file order, then the workers. */
    private static List<ClusterNode> ordered(ClusterFile file) {
        List<ClusterNode> out = new ArrayList<>(file.controlPlanes());
        out.addAll(file.workers());
        return out;
    }

    private static void closeInit(UpNode node) {
        try {
            node.init().close();
        } catch (IllegalStateException notMade) {
            // the pipeline ended before init's context was made: nothing to close
        }
    }
}
