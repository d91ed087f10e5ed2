package dev.bootstrap.init;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Status;
import java.util.List;

/**
 * A phase that works through the API server: in a dry run it only says what it would do; otherwise
 * it reports each object as created, updated or unchanged.
 */
abstract class ApiPhase implements Phase<InitContext> {

    @Override
    public final Outcome run(InitContext ctx) throws Exception {
        if (ctx.dryRun()) {
            return new Outcome(Status.UNCHANGED, List.of("dry run: would " + wouldDo(ctx)));
        }
        List<ObjectApplier.Applied> applied = apply(ctx);
        return new Outcome(ObjectApplier.Applied.anyChanged(applied) ? Status.CHANGED : Status.UNCHANGED,
                applied.stream().map(ObjectApplier.Applied::line).toList());
    }

    /** What the phase would do, for --dry-run ("create the bootstrap token and cluster-info"). */
    abstract String wouldDo(InitContext ctx);

    abstract List<ObjectApplier.Applied> apply(InitContext ctx) throws Exception;
}
