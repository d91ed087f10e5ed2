package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.upgrade.LeaderElection;
import java.util.Optional;

/**
 * A node's turn in a rolling upgrade: a further control plane once the one before it is upgraded and the
 * controllers and scheduler have a leader again; a worker once every control plane is upgraded and a slot of
 * {@code spec.upgrade.maxUnavailable} is free.
 */
final class AwaitTurnPhase extends RollingPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("wait-for-turn", "Wait for this node's turn in the rolling upgrade");

    private final Optional<String> previousControlPlane;

    /** @param previousControlPlane the control plane before this one; empty for a worker */
    AwaitTurnPhase(RollingRun rolling, Optional<String> previousControlPlane) {
        super(SPEC, rolling);
        this.previousControlPlane = previousControlPlane;
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        if (previousControlPlane.isPresent()) {
            rolling.awaitControlPlane(previousControlPlane.get());
            return Outcome.unchanged(previousControlPlane.get() + " is upgraded; leaders: " + String.join(", ",
                    LeaderElection.await(rolling.admin(), rolling.up.options.waitTimeout())));
        }
        rolling.awaitControlPlanes();
        rolling.takeSlot(node.node().name());
        return Outcome.unchanged("every control plane is upgraded; a slot of "
                + rolling.up.file.upgrade().batchSize(rolling.up.file.workers().size()) + " is this node's");
    }
}
