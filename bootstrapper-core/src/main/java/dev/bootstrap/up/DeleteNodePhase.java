package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;

/** The last step of pruning a node: its Node object goes, once the node itself was reset. */
final class DeleteNodePhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("delete-node", "Delete the Node object of a node removed from the file");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        String name = node.node().name();
        boolean deleted = !node.run().admin().nodes().withName(name).delete().isEmpty();
        return deleted ? Outcome.changed("deleted Node " + name) : Outcome.unchanged("Node " + name + " is already gone");
    }
}
