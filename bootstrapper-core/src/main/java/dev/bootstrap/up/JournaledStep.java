package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.state.FileTrailHost;
import dev.bootstrap.state.StepStatus;
import java.util.Map;

/**
 * Records a step in the node's journal once it completed, with the checksums of the files it read
 * and wrote. A step that only makes files ({@code skipWhenDone}) is not run again while the journal
 * shows it completed with the same inputs and its files unchanged: one checksum command per node
 * replaces reading and checking every certificate and kubeconfig.
 */
final class JournaledStep implements Phase<UpNode> {

    private final Phase<UpNode> step;
    private final boolean skipWhenDone;

    JournaledStep(Phase<UpNode> step, boolean skipWhenDone) {
        this.step = step;
        this.skipWhenDone = skipWhenDone;
    }

    @Override
    public String name() {
        return step.name();
    }

    @Override
    public String title() {
        return step.title();
    }

    @Override
    public Outcome run(UpNode node) throws Exception {
        FileTrailHost trail = node.trail();
        String inputs = node.inputs();
        if (skipWhenDone) {
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
