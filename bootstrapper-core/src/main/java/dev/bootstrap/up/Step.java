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

    private final Phase<C> named;
    private final Function<UpNode, Phase<C>> phase;
    private final Function<UpNode, C> context;
    private final boolean last;

    /**
     * @param named   gives the name and title
     * @param phase   the phase to run, which may be made only once earlier phases ran (same name)
     * @param context the context it runs on
     */
    Step(Phase<C> named, Function<UpNode, Phase<C>> phase, Function<UpNode, C> context, boolean last) {
        this.named = named;
        this.phase = phase;
        this.context = context;
        this.last = last;
    }

    @Override
    public PhaseSpec spec() {
        return named.spec();
    }

    @Override
    public Outcome run(UpNode node) throws Exception {
        Outcome outcome = phase.apply(node).run(context.apply(node));
        if (last) {
            node.run().finished(node.node().name());
        }
        return outcome;
    }
}
