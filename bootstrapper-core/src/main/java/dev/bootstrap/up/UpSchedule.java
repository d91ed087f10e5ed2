package dev.bootstrap.up;

import dev.bootstrap.init.InitContext;
import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.join.JoinContext;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.reset.ResetWorkflow;
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
 *  preflight ------ facts -----------> preflight (ClockSkew against the first's clock)
 *  init-configuration, cluster-version (an earlier run's cluster stays on its version: up does not upgrade)
 *  certs ... bootstrap-token (init)
 *  join-ticket ---- ticket ----------> wait-for-cluster (a further control plane also waits
 *  kubelet-finalize, addon (init)        for the control plane before it: one etcd member at a time)
 *                                      join's phases; the last lets the next control plane go
 *
 *  a node removed from the file (--prune): connect, wait-for-cluster, reset's phases, delete-node
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
                new LockPhase(), new UpPreflightPhase(), new InitConfigurationPhase(), new ClusterVersionPhase()));
        for (Phase<InitContext> p : InitWorkflow.phases()) {
            if (!p.spec().has(Trait.REPLACED_IN_UP)) {
                phases.add(new JournaledStep(new Step<>(p, UpNode::init, false)));
            }
            if (p.spec().has(Trait.OPENS_JOINING)) {
                phases.add(new TicketPhase());
            }
        }
        return flushed(phases);
    }

    /** @param previousControlPlane for a further control plane, the one that joins before it */
    static List<Phase<UpNode>> joining(UpNode node, Optional<String> previousControlPlane) {
        List<Phase<UpNode>> phases = new ArrayList<>(List.of(ConnectPhase.afterHeadStart(), new UpPreflightPhase(),
                new AwaitClusterPhase(previousControlPlane)));
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

    private static List<Phase<UpNode>> flushed(List<Phase<UpNode>> phases) {
        return phases.stream().<Phase<UpNode>>map(FlushedStep::new).toList();
    }
}
