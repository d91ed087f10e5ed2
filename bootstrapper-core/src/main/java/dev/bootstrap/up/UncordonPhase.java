package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.upgrade.NodeDrain;

/**
 * Makes the node schedulable again if bootstrap cordoned it (in this run or in one that was stopped, even killed:
 * the Node's annotation says so), then hands on: the next control plane may start, or the worker's slot is free.
 */
final class UncordonPhase extends RollingPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("uncordon", "Make the node schedulable again");


    UncordonPhase(RollingRun rolling) {
        super(SPEC, rolling);
    }

    @Override
    public Outcome run(UpNode node) {
        String name = node.upgrade().config().nodeName();
        boolean uncordoned = new NodeDrain(rolling.admin()).uncordon(name);
        rolling.controlPlaneDone(node.node().name());
        rolling.releaseSlot(node.node().name());
        return uncordoned ? Outcome.changed("uncordoned " + name) : Outcome.unchanged(name + " was not cordoned by bootstrap");
    }
}
