package dev.bootstrap.reset;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.state.ClusterLock;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.state.StoppableRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code bootstrap reset -f FILE}: the nodes of a cluster file reset in the order that keeps etcd
 * quorate: workers first (in parallel up to the file's concurrency), then the further control
 * planes one at a time, each first removed from etcd through a control plane that stays, the first
 * control plane last. The cluster lock is held for the run while the first control plane still has
 * a cluster to lock.
 */
public final class ClusterReset {

    private final ClusterFile cluster;
    private final HostResolver hosts;
    private final ServiceManager services;
    private final ResetOptions options;
    private final StoppableRun stoppable = new StoppableRun();
    private volatile ClusterLock.Lease lease;

    /** @param hosts resolves the file's node names (a {@link dev.bootstrap.cluster.ClusterHosts}) */
    public ClusterReset(ClusterFile cluster, HostResolver hosts, ServiceManager services, ResetOptions options) {
        this.cluster = cluster;
        this.hosts = hosts;
        this.services = services;
        this.options = options;
    }

    /** What a run did: every node's phase results, and what to tell about the lock. */
    public record Result(RunReport report, List<String> notes) {
    }

    /**
     * The named nodes of the file, in file order; all of them when none are named.
     *
     * @throws IllegalArgumentException naming every unknown name and listing the file's nodes
     */
    public static List<ClusterNode> select(ClusterFile cluster, List<String> names) {
        if (names.isEmpty()) {
            return cluster.nodes();
        }
        List<String> known = cluster.nodes().stream().map(ClusterNode::name).toList();
        List<String> unknown = names.stream().filter(n -> !known.contains(n)).distinct().toList();
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", unknown) + (unknown.size() == 1
                    ? " is not a node" : " are not nodes") + " of the cluster file (its nodes: "
                    + String.join(", ", known) + ")");
        }
        return cluster.nodes().stream().filter(n -> names.contains(n.name())).toList();
    }

    /**
     * Resets {@code selected} (from {@link #select}, the file's nodes); a node that fails does not stop the others.
     *
     * @throws dev.bootstrap.state.ClusterLockedException when another run holds the cluster lock (nothing was reset)
     */
    public Result run(List<ClusterNode> selected, LockHolder me, Consumer<PhaseEvent> events) {
        List<String> notes = new ArrayList<>();
        lease = options.dryRun() ? null : lock(me, notes);
        try {
            List<String> controlPlanes = cluster.controlPlanes().stream().map(ClusterNode::name).toList();
            // The first control plane is tried first: it is reset last, so it is there for the others.
            ResetWorkflow reset = new ResetWorkflow(hosts, services, options,
                    new EtcdApiMemberRemoval(controlPlanes, hosts));
            String first = cluster.firstControlPlane().name();
            List<String> workers = names(selected, cluster.workers());
            List<String> further = names(selected, cluster.controlPlanes()).stream().filter(n -> !n.equals(first))
                    .toList();
            Map<String, List<PhaseResult>> all = new LinkedHashMap<>();
            runGroup(reset, workers, cluster.concurrency(), events, all);
            // One at a time: each removes an etcd member, and quorum must hold between removals.
            runGroup(reset, further, 1, events, all);
            runGroup(reset, names(selected, List.of(cluster.firstControlPlane())), 1, events, all);
            return new Result(new RunReport(all), notes);
        } finally {
            releaseLock();
            stoppable.ended();
        }
    }

    /** SIGINT or SIGTERM while {@link #run} runs: see {@link StoppableRun#stop}. */
    public void interrupt(Duration grace) {
        stoppable.stop(grace, this::releaseLock);
    }

    private void releaseLock() {
        ClusterLock.Lease held = lease;
        if (held != null) {
            held.release();
        }
    }

    /** The cluster lock on the first control plane, or null (with a note) when there is no cluster to lock. */
    private ClusterLock.Lease lock(LockHolder me, List<String> notes) {
        String first = cluster.firstControlPlane().name();
        Host host;
        try {
            host = hosts.resolve(first);
        } catch (HostException e) {
            notes.add("warning: no cluster lock taken: the first control plane " + first + " cannot be reached ("
                    + e.getMessage() + ")");
            return null;
        }
        // The lock lives in /etc/kubernetes: a first control plane without it has no cluster left to guard.
        if (host.stat(NodeLayout.KUBERNETES_DIR).filter(s -> s.isDirectory()).isEmpty()) {
            notes.add("No cluster lock taken: " + first + " has no " + NodeLayout.KUBERNETES_DIR);
            return null;
        }
        // As up does: the lock of a run killed on this machine is taken over at once, not after it goes stale.
        ClusterLock.Lease lease = new ClusterLock(host).acquire(me, LockHolder::deadOnThisMachine);
        lease.takeOver().ifPresent(t -> notes.add("Took over a stale cluster lock of " + t.previous().describe()
                + " (not refreshed for " + t.age().toSeconds() + " s)"));
        return lease;
    }

    private void runGroup(ResetWorkflow reset, List<String> nodes, int concurrency, Consumer<PhaseEvent> events,
                          Map<String, List<PhaseResult>> into) {
        if (!nodes.isEmpty()) {
            into.putAll(reset.run(nodes, concurrency, events, stoppable.interruption()).byHost());
        }
    }

    private static List<String> names(List<ClusterNode> selected, List<ClusterNode> group) {
        return group.stream().filter(selected::contains).map(ClusterNode::name).toList();
    }
}
