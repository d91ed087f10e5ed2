package dev.bootstrap.up;

import dev.bootstrap.join.ControlPlaneJoin;
import dev.bootstrap.join.ControlPlaneSettings;
import dev.bootstrap.join.JoinContext;
import dev.bootstrap.join.WorkerJoin;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import java.util.List;
import java.util.Optional;

/**
 * A joining node waits here, after its own preflight, for the first control plane's join ticket, and
 * an extra control plane also for the control plane listed before it. Then it gets its join context, with the
 * certificate key the ticket carries.
 */
final class AwaitClusterPhase implements Phase<UpNode> {

    static final String NAME = "wait-for-cluster";

    private final Optional<String> previousControlPlane;

    /** @param previousControlPlane the control plane that must finish first (none for workers) */
    AwaitClusterPhase(Optional<String> previousControlPlane) {
        this.previousControlPlane = previousControlPlane;
    }

    @Override
    public PhaseSpec spec() {
        return PhaseSpec.of(NAME, previousControlPlane.map(p -> "Wait for the cluster and for " + p + " to finish joining (one new etcd "
                + "member at a time)").orElse("Wait for the first control plane"));
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        UpRun run = node.run();
        if (!node.removed()) {
            run.journal.preload(node.trail());
        }
        JoinTicket ticket = run.awaitTicket();
        if (previousControlPlane.isPresent()) {
            run.awaitFinished(previousControlPlane.get());
        }
        if (node.removed()) {
            return Outcome.unchanged("the cluster at " + ticket.cluster().server() + " is up and locked for this run");
        }
        JoinContext join = new JoinContext(node.node().name(), target -> node.trail(), ticket.cluster(),
                NodeConfigs.join(run, node.node(), node.isControlPlane()), ticket.certificateKey(), run.services, null);
        // Preflight ran this run only on a node without kubelet.conf: that and its host name are known.
        node.hostname().ifPresent(h -> {
            join.osHostname(h);
            join.joinedBefore(false);
        });
        node.join(join);
        return Outcome.unchanged("the cluster at " + ticket.cluster().server() + " is up");
    }

    /** kubeadm join's phases for the node's role, without preflight (the pipeline ran it already). */
    static List<Phase<JoinContext>> joinPhases(UpNode node) {
        UpRun run = node.run();
        List<Phase<JoinContext>> all = node.isControlPlane()
                ? ControlPlaneJoin.phases(run.options.templates(), new ControlPlaneSettings(node.node().address(),
                        run.options.environment(), run.options.waitTimeout()))
                : WorkerJoin.phases(run.options.templates());
        return all.stream().filter(p -> !p.spec().has(Trait.REPLACED_IN_UP)).toList();
    }
}
