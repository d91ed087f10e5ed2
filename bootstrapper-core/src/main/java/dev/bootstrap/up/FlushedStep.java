package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;

/**
 * A phase of a node's pipeline whose files reach the node before it ends: the node's host holds
 * written files back to send them in one round trip, so a step's own write failure fails that step.
 */
final class FlushedStep implements Phase<UpNode> {

    private final Phase<UpNode> phase;

    FlushedStep(Phase<UpNode> phase) {
        this.phase = phase;
    }

    @Override
    public String name() {
        return phase.name();
    }

    @Override
    public String title() {
        return phase.title();
    }

    @Override
    public Outcome run(UpNode node) throws Exception {
        Outcome outcome;
        try {
            outcome = phase.run(node);
        } catch (Exception | Error e) {
            // What the step wrote before it failed is still written, as without batching.
            try {
                node.flush();
            } catch (RuntimeException flush) {
                e.addSuppressed(flush);
            }
            throw e;
        }
        node.flush();
        return outcome;
    }
}
