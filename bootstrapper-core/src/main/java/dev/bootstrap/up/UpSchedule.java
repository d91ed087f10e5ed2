package dev.bootstrap.up;

import dev.bootstrap.init.InitContext;
import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.join.JoinContext;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.prepare.PreparePhase;
import dev.bootstrap.reset.ResetWorkflow;
import dev.bootstrap.upgrade.UpgradeWorkflow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The order of {@code up}, each kind of node's pipeline top to bottom (as k0sctl's apply lists its phases). All
 * pipelines start at once; the arrows are the only hand-offs between them ({@link UpRun} holds them):
 *
 * <pre>
 *  first control plane                 each other node, in file order
 *  connect  ------- head start ------> connect
 *  keys-ahead (a new cluster)
 *  lock
 *  prepare                             prepare (spec.prepare: swap, kernel, runtime, kubelet)
 *  preflight ------ facts -----------> preflight (ClockSkew against the first's clock)
 *  init-configuration, cluster-version (an earlier run's cluster stays on its version: up does not upgrade)
 *  certs ... bootstrap-token (init)
 *  join-ticket ---- ticket ----------> wait-for-cluster (a further control plane also waits
 *  kubelet-finalize, addon (init)        for the control plane before it: one etcd member at a time)
 *  cni (spec.addons.cni)               join's phases; the last lets the next control plane go
 *
 *  a node removed from the file (--prune): connect, wait-for-cluster, reset's phases, delete-node
 * </pre>
 *
 * <p>A running cluster older than the file is first upgraded, hop by hop ({@link RollingUpgrade}), each hop with
 * these pipelines (kubeadm's documented order: apply, then node on each control plane in turn, then the workers):
 *
 * <pre>
 *  first control plane                 each other control plane           each worker
 *  connect, lock, upgrade-start        connect                            connect
 *  (etcd-snapshot on the first hop)    wait-for-turn (the one before,     wait-for-turn (every control
 *  upgrade-configuration                 then the controllers' and          plane, then a maxUnavailable
 *  upgrade apply's phases                scheduler's leaders)               slot)
 *  drain, kubelet-upgrade, uncordon -> upgrade-configuration              upgrade-configuration
 *                                      upgrade node's phases              upgrade node's phases
 *                                      drain, kubelet-upgrade, uncordon   drain, kubelet-upgrade, uncordon
 * </pre>
 *
 * Every phase of a pipeline ends with its files on the node ({@link FlushedStep}); init's and join's phases
 * are recorded in the node's journal ({@link JournaledStep}).
 */
final class UpSchedule {

    private UpSchedule() {
    }

    static List<Phase<UpNode>> firstControlPlane() {
        List<Phase<UpNode>> phases = new ArrayList<>(List.of(ConnectPhase.givingHeadStart(), new KeysAheadPhase(),
                new LockPhase(), prepare(), new UpPreflightPhase(), new InitConfigurationPhase(),
                new ClusterVersionPhase()));
        for (Phase<InitContext> p : InitWorkflow.phases()) {
            if (!p.spec().has(Trait.REPLACED_IN_UP)) {
                phases.add(new JournaledStep(new Step<>(p, UpNode::init, false)));
            }
            if (p.spec().has(Trait.OPENS_JOINING)) {
                phases.add(new TicketPhase());
            }
        }
        phases.add(new CniPhase());
        return flushed(phases);
    }

    /** @param previousControlPlane for a further control plane, the one that joins before it */
    static List<Phase<UpNode>> joining(UpNode node, Optional<String> previousControlPlane) {
        List<Phase<UpNode>> phases = new ArrayList<>(List.of(ConnectPhase.afterHeadStart(), prepare(),
                new UpPreflightPhase(), new AwaitClusterPhase(previousControlPlane)));
        // They run on the join context the ticket makes (AwaitClusterPhase).
        List<Phase<JoinContext>> steps = AwaitClusterPhase.joinPhases(node);
        for (int i = 0; i < steps.size(); i++) {
            phases.add(new JournaledStep(new Step<>(steps.get(i), UpNode::join, i == steps.size() - 1)));
        }
        return flushed(phases);
    }

    /** A removed node: reset as kubeadm reset does (a control plane leaves etcd first), then its Node goes. */
    static List<Phase<UpNode>> removed() {
        List<Phase<UpNode>> phases = new ArrayList<>(List.of(ConnectPhase.afterHeadStart(),
                new AwaitClusterPhase(Optional.empty())));
        ResetWorkflow.phases().forEach(p -> phases.add(new Step<>(p, UpNode::reset, false)));
        phases.add(new DeleteNodePhase());
        return flushed(phases);
    }

    /** The first control plane in one hop of a rolling upgrade: kubeadm's upgrade apply. */
    static List<Phase<UpNode>> upgradingFirstControlPlane(RollingRun rolling, boolean firstHop) {
        List<Phase<UpNode>> phases = new ArrayList<>(List.of(ConnectPhase.givingHeadStart(), new LockPhase(),
                new UpgradeStartPhase(rolling)));
        if (firstHop) {
            phases.add(new EtcdSnapshotPhase());
        }
        phases.add(new UpgradeConfigurationPhase(Optional.of(rolling.hop)));
        UpgradeWorkflow.applyPhases().forEach(p -> phases.add(new Step<>(p, UpNode::upgrade, false)));
        phases.addAll(kubelet(rolling));
        return phases;
    }

    /**
     * Another node in one hop: kubeadm's upgrade node, after the control plane before it (a control plane) or after
     * every control plane, in a batch (a worker).
     */
    static List<Phase<UpNode>> upgrading(RollingRun rolling, Optional<String> previousControlPlane) {
        List<Phase<UpNode>> phases = new ArrayList<>(List.of(ConnectPhase.afterHeadStart(),
                new AwaitTurnPhase(rolling, previousControlPlane), new UpgradeConfigurationPhase(Optional.empty())));
        UpgradeWorkflow.nodePhases().forEach(p -> phases.add(new Step<>(p, UpNode::upgrade, false)));
        phases.addAll(kubelet(rolling));
        return phases;
    }

    /** The kubelet's part of a node's upgrade, which kubeadm leaves to the user. */
    private static List<Phase<UpNode>> kubelet(RollingRun rolling) {
        return List.of(new DrainPhase(rolling), new KubeletUpgradePhase(rolling), new UncordonPhase(rolling));
    }

    /** spec.prepare on the node ({@link dev.bootstrap.prepare.NodePreparation}), so preflight judges a prepared node. */
    private static Phase<UpNode> prepare() {
        return new Step<>(new PreparePhase(), UpNode::prepare, false);
    }

    private static List<Phase<UpNode>> flushed(List<Phase<UpNode>> phases) {
        return phases.stream().<Phase<UpNode>>map(FlushedStep::new).toList();
    }
}
