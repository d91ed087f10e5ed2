package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import java.util.List;

/** An upgrade phase that works through the API server: a dry run only says what it would do. */
abstract class UpgradeApiPhase implements Phase<UpgradeContext> {

    @Override
    public final Outcome run(UpgradeContext ctx) {
        return ctx.dryRun() ? Outcome.unchanged("[dryrun] Would " + wouldDo(ctx)) : ObjectApplier.Applied.outcome(apply(ctx));
    }

    /** What the phase would do ("upload ConfigMaps ..."). */
    abstract String wouldDo(UpgradeContext ctx);

    abstract List<ObjectApplier.Applied> apply(UpgradeContext ctx);
}
