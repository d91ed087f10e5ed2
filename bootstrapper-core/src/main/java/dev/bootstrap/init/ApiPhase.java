package dev.bootstrap.init;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * A phase that works through the API server: in a dry run it only says what it would do; otherwise
 * it reports each object as created, updated or unchanged (the first one also the kubeadm:cluster-admins
 * binding that {@link InitContext#admin()} ensured).
 */
abstract class ApiPhase implements Phase<InitContext> {

    @Override
    public final Outcome run(InitContext ctx) throws Exception {
        if (ctx.dryRun()) {
            return new Outcome(Status.UNCHANGED, List.of("dry run: would " + wouldDo(ctx)));
        }
        List<ObjectApplier.Applied> applied = new ArrayList<>(apply(ctx));
        // the phase that first used the API client reports the cluster-admins binding made for it
        applied.addAll(0, ctx.takeAdminSetup());
        return ObjectApplier.Applied.outcome(applied);
    }

    /** What the phase would do, for --dry-run ("create the bootstrap token and cluster-info"). */
    abstract String wouldDo(InitContext ctx);

    abstract List<ObjectApplier.Applied> apply(InitContext ctx) throws Exception;
}
