package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.join.JoinContext;
import dev.bootstrap.phases.Interruption;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.reset.ResetWorkflow;
import dev.bootstrap.state.Journal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code bootstrap up}: brings every node of a cluster file to its role. Each node has its own
 * pipeline (connect, preflight, then init or join), all started at once up to the file's concurrency;
 * the only hand-offs are the first control plane's join ticket and, for extra control planes, the
 * control plane before them. Every phase is idempotent, so a run that died (even SIGKILLed) is
 * finished by running it again, and a run on a converged cluster changes nothing.
 */
public final class ClusterUp {

    private final Interruption interruption = new Interruption();
    private final CountDownLatch ended = new CountDownLatch(1);
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
        UpRun run = new UpRun(file, hosts, options, new Journal(), events);
        current = run;
        List<PhaseRunner.Plan<UpNode>> plans = new ArrayList<>();
        List<UpNode> nodes = new ArrayList<>();
        String previousControlPlane = null;
        for (ClusterNode n : ordered(file)) {
            UpNode node = new UpNode(n, run, false);
            nodes.add(node);
            if (node.isFirstControlPlane()) {
                run.firstNode(node);
            }
            plans.add(new PhaseRunner.Plan<>(n.name(), node, pipeline(node, Optional.ofNullable(previousControlPlane))));
            if (node.isControlPlane()) {
                previousControlPlane = n.name();
            }
        }
        for (ClusterNode n : prune) {
            plans.add(new PhaseRunner.Plan<>(n.name(), new UpNode(n, run, true), prunePipeline()));
        }
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-lock-refresh");
            t.setDaemon(true);
            return t;
        });
        // The lock goes stale after 30 min without a refresh; long runs keep it fresh.
        refresher.scheduleAtFixedRate(run::refreshLock, 5, 5, TimeUnit.MINUTES);
        try {
            RunReport report = new PhaseRunner(file.concurrency(), run, interruption).runPlans(plans, SkipPhases.NONE);
            return new Result(report, run.journal.warnings());
        } finally {
            run.keysAhead().close();
            refresher.shutdownNow();
            nodes.stream().filter(UpNode::isFirstControlPlane).forEach(ClusterUp::closeInit);
            run.releaseLock();
            ended.countDown();
        }
    }

    /**
     * SIGINT or SIGTERM (the CLI's shutdown hook, on another thread while {@link #run} runs): no further phase
     * starts; the running ones get {@code grace} to end, and the cluster lock is released whether or not they
     * did, so that the next run, from this machine or another, is not refused. The journal stays consistent:
     * it records a step only once the step completed, each record written atomically.
     */
    public void interrupt(Duration grace) {
        interruption.request();
        try {
            if (ended.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        UpRun run = current;
        if (run != null) {
            run.releaseLock();
        }
    }

    /** The first control plane, the other control planes in file order, then the workers. */
    private static List<ClusterNode> ordered(ClusterFile file) {
        List<ClusterNode> out = new ArrayList<>(file.controlPlanes());
        out.addAll(file.workers());
        return out;
    }

    /** Every phase of a node's pipeline ends with its held-back files written (UpNode.flush). */
    private static List<Phase<UpNode>> pipeline(UpNode node, Optional<String> previousControlPlane) {
        return phases(node, previousControlPlane).stream().<Phase<UpNode>>map(FlushedStep::new).toList();
    }

    private static List<Phase<UpNode>> phases(UpNode node, Optional<String> previousControlPlane) {
        List<Phase<UpNode>> phases = new ArrayList<>();
        phases.add(new ConnectPhase());
        if (node.isFirstControlPlane()) {
            phases.add(new LockPhase());
            phases.add(new PreflightPhase());
            for (Phase<InitContext> p : InitWorkflow.phases()) {
                if (!p.spec().has(Trait.REPLACED_IN_UP)) {
                    phases.add(new JournaledStep(new Step<>(p, n -> p, UpNode::init, false)));
                }
                if (p.spec().has(Trait.OPENS_JOINING)) {
                    // Joining needs the token and cluster-info, not the addons: the other nodes start joining now.
                    phases.add(new TicketPhase());
                }
            }
            return phases;
        }
        phases.add(new PreflightPhase());
        phases.add(new AwaitClusterPhase(previousControlPlane));
        // Named now; made with the certificate key once the ticket has it (AwaitClusterPhase).
        List<Phase<JoinContext>> steps = AwaitClusterPhase.joinPhases(node, null);
        for (int i = 0; i < steps.size(); i++) {
            int index = i;
            phases.add(new JournaledStep(new Step<>(steps.get(i), n -> n.joinPhases().get(index), UpNode::join,
                    i == steps.size() - 1)));
        }
        return phases;
    }

    /** A removed node: reset as kubeadm reset does (a control plane leaves etcd first), then its Node goes. */
    private static List<Phase<UpNode>> prunePipeline() {
        List<Phase<UpNode>> phases = new ArrayList<>();
        phases.add(new ConnectPhase());
        phases.add(new AwaitClusterPhase(Optional.empty()));
        ResetWorkflow.phases().forEach(p -> phases.add(new Step<>(p, n -> p, UpNode::reset, false)));
        phases.add(new DeleteNodePhase());
        return phases;
    }

    private static void closeInit(UpNode node) {
        try {
            node.init().close();
        } catch (IllegalStateException notMade) {
            // the pipeline ended before init's context was made: nothing to close
        }
    }
}
