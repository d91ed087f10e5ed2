package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.state.FileTrailHost;
import dev.bootstrap.state.StepStatus;
import java.util.Map;

/**
 * Records a step in the node's journal once it completed, with the checksums of the files it read
 * and wrote. A step that only makes files ({@link Trait#FILES_FROM_CONFIG}) is not run again while the journal
 * shows it completed with the same inputs and its files unchanged: one checksum command per node
 * replaces reading and checking every certificate and kubeconfig.
 */
final class JournaledStep implements Phase<UpNode> {

    private final Phase<UpNode> step;

    JournaledStep(Phase<UpNode> step) {
        this.step = step;
    }

    @Override
    public PhaseSpec spec() {
        return step.spec();
    }

    @Override
    public Outcome run(UpNode node) throws Exception {
        FileTrailHost trail = node.trail();
        String inputs = node.inputs();
        if (spec().has(Trait.FILES_FROM_CONFIG)) {
            StepStatus status = node.run().journal.status(trail, name(), inputs);
            if (status.done()) {
                return Outcome.unchanged("done by an earlier run, its files unchanged (journal)");
            }
        }
        trail.record();
        Outcome outcome;
        Map<String, String> files;
        try {
            outcome = step.run(node);
        } finally {
            files = trail.stop();
        }
        node.run().journal.completed(trail, name(), inputs, files);
        return outcome;
    }
}
