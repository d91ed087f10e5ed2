package dev.bootstrap.prepare;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;

/**
 * Node preparation as a phase: of {@code up} before each node's preflight, and of {@code bootstrap prepare}. A dry
 * run inspects the node and says what would change.
 */
public final class PreparePhase implements Phase<PrepareContext> {

    public static final PhaseSpec SPEC = PhaseSpec.of("prepare",
            "Prepare the node (swap, kernel, container runtime, kubelet)");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(PrepareContext ctx) {
        NodePreparation preparation = new NodePreparation(ctx.target());
        return ctx.dryRun() ? preparation.plan(ctx.host()) : preparation.apply(ctx.host());
    }
}
