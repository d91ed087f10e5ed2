package dev.bootstrap.init;

import dev.bootstrap.apiserver.MarkControlPlane;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.phases.PhaseSpec;
import java.util.List;

/** mark-control-plane: the control-plane labels and taints on this node's Node object. */
final class MarkControlPlanePhase extends ApiPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("mark-control-plane", "Mark the node as a control plane");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    String wouldDo(InitContext ctx) {
        return "label and taint Node " + ctx.config().nodeName() + " as a control plane";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) throws InterruptedException {
        return new MarkControlPlane(ctx.admin()).mark(ctx.config(),
                ctx.config().init().timeouts().controlPlaneComponentHealthCheck());
    }
}
