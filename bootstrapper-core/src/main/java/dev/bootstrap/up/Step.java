package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import java.util.function.Function;

/**
 * An init or join phase inside a node's {@code up} pipeline: same name and title, run on the
 * context the pipeline made for it. The last step of a pipeline tells the run that the node is done
 * (the next control plane may join).
 */
final class Step<C> implements Phase<UpNode> {

    private final Phase<C> phase;
    private final Function<UpNode, C> context;
    private final boolean last;

    /**
     * @param context the context it runs on, made by an earlier phase of the pipeline
     * @param last    whether the node is done once it ran (the next control plane may join)
     */
    Step(Phase<C> phase, Function<UpNode, C> context, boolean last) {
        this.phase = phase;
        this.context = context;
        this.last = last;
    }

    @Override
    public PhaseSpec spec() {
        return phase.spec();
    }

    @Override
    public Outcome run(UpNode node) throws Exception {
        Outcome outcome = phase.run(context.apply(node));
        if (last) {
            node.run().finished(node.node().name());
        }
        return outcome;
    }
}
