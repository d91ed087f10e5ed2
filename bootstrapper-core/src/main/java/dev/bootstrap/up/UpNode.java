package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.cluster.Role;
import dev.bootstrap.host.BatchingHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.join.JoinContext;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.reset.ResetContext;
import dev.bootstrap.reset.ResetOptions;
import dev.bootstrap.state.FileTrailHost;
import dev.bootstrap.state.Journal;
import dev.bootstrap.prepare.PrepareContext;
import dev.bootstrap.prepare.PrepareTarget;
import dev.bootstrap.upgrade.UpgradeContext;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One node's pipeline in an {@code up} run: the node of the file, its host (connected by the first
 * phase) and the init or join context its later phases run on, made when their inputs exist.
 */
final class UpNode {

    private final ClusterNode node;
    private final UpRun run;
    private final boolean removed;
    private InitContext init;
    private NodeFacts facts;
    private JoinContext join;
    private UpgradeContext upgrade;
    private FileTrailHost trail;
    private BatchingHost batched;
    private boolean holding;
    private ResetContext reset;

    /** @param removed a node the file no longer lists, to be reset and deleted (--prune) */
    UpNode(ClusterNode node, UpRun run, boolean removed) {
        this.node = node;
        this.run = run;
        this.removed = removed;
    }

    boolean removed() {
        return removed;
    }

    /** The reset of a removed node, on its own connection. */
    synchronized ResetContext reset() {
        if (reset == null) {
            reset = ResetContext.of(host(), host(), run.services, new ResetOptions(false, false),
                    run.options.etcdRemoval());
        }
        return reset;
    }

    ClusterNode node() {
        return node;
    }

    UpRun run() {
        return run;
    }

    Host host() {
        return run.hosts.resolve(node.name());
    }

    /**
     * The host as init and join see it: the files they touch are noted for the journal, and the files
     * a step writes go to the node together (see {@link #flush()}).
     */
    synchronized FileTrailHost trail() {
        if (trail == null) {
            batched = new BatchingHost(host());
            batched.hold(holding);
            trail = new FileTrailHost(batched);
        }
        return trail;
    }

    /**
     * A new connection in place of a lost one, under the host this node's contexts hold; what the lost
     * connection's step held back is dropped (running the step again makes it again).
     */
    synchronized void reconnect() {
        if (batched != null) {
            batched.discardHeld();
        }
        if (!run.hosts.reconnect(node.name())) {
            throw new HostException(node.name(), "the connection cannot be made again by this run");
        }
    }

    /** Whether the next step's writes are held back until it ends (see {@link FlushedStep}). */
    synchronized void holdWrites(boolean value) {
        holding = value;
        if (batched != null) {
            batched.hold(value);
        }
    }

    /** Writes what the step that just ran left held back: its files arrive before the step counts as done. */
    synchronized void flush() {
        if (batched != null) {
            batched.flush();
        }
    }

    /**
     * A digest of what this node's steps are made from: init's configuration on the first control
     * plane; the cluster (server, CA) and the node's name and role on the others. A journal entry with
     * other inputs does not count.
     */
    String inputs() {
        if (isFirstControlPlane()) {
            return NodeConfigs.initInputs(init().config());
        }
        String text = join().cluster().server() + "\n" + new String(join().cluster().caPem(), StandardCharsets.US_ASCII)
                + "\n" + node.name() + "\n" + node.role().yamlName();
        return Journal.sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    boolean isFirstControlPlane() {
        return node.name().equals(run.first().name());
    }

    boolean isControlPlane() {
        return node.role() == Role.CONTROL_PLANE;
    }

    synchronized InitContext init() {
        if (init == null) {
            throw new IllegalStateException(node.name() + ": the init context is made by the init-configuration phase");
        }
        return init;
    }

    synchronized void init(InitContext value) {
        init = value;
    }

    /** The node's facts as its preflight gathered them this run; empty when it skipped them (joined before). */
    synchronized Optional<NodeFacts> facts() {
        return Optional.ofNullable(facts);
    }

    synchronized void facts(NodeFacts value) {
        facts = value;
    }

    /**
     * The node's kernel host name as its preflight found it, if preflight ran this run: only on a node
     * without kubelet.conf, so a present value also says the node had not joined (a join needs both).
     */
    synchronized Optional<String> hostname() {
        return facts().map(NodeFacts::hostname).filter(h -> !h.isBlank());
    }

    synchronized JoinContext join() {
        if (join == null) {
            throw new IllegalStateException(node.name() + ": the join context is made once the cluster is up");
        }
        return join;
    }

    synchronized void join(JoinContext value) {
        join = value;
    }

    /** The upgrade of this node in a rolling upgrade's hop, made by {@link UpgradeConfigurationPhase}. */
    /** The node as prepare works on it: its spec.prepare, role and the run's verified binaries. */
    PrepareContext prepare() {
        return new PrepareContext(host(), PrepareTarget.of(run.file, isControlPlane(), run.binaries,
                run.options.templates()), false);
    }

    synchronized UpgradeContext upgrade() {
        if (upgrade == null) {
            throw new IllegalStateException(node.name() + ": the upgrade context is made by the upgrade-configuration phase");
        }
        return upgrade;
    }

    synchronized void upgrade(UpgradeContext value) {
        upgrade = value;
    }

    /** Closes the upgrade's API client, if one was made. */
    synchronized void closeUpgrade() {
        if (upgrade != null) {
            upgrade.close();
        }
    }
}
