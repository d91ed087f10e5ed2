package dev.bootstrap.init;

import dev.bootstrap.preflight.CheckCatalog;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.PreflightVerdict;
import dev.bootstrap.preflight.Role;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import java.util.Optional;

/** kubeadm init's preflight checks on the facts gathered from the node; errors stop init. */
final class PreflightPhase implements Phase<InitContext> {

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Run pre-flight checks";
    }

    @Override
    public Outcome run(InitContext ctx) {
        PreflightOptions options = new PreflightOptions(ctx.config().cluster().kubernetesVersion(),
                ctx.options().ignoredErrors(), Optional.empty(), ClusterSetup.of(ctx.config()));
        return PreflightVerdict.of(ctx.node().name(), CheckCatalog.judge(ctx.facts(), Role.CONTROL_PLANE, options));
    }
}
