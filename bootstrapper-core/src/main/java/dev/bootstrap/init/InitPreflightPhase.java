package dev.bootstrap.init;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.ImagePull;
import dev.bootstrap.preflight.NodePreflight;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.PreflightRole;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm init's preflight checks on the facts gathered from the node, then (unless --dry-run) the image
 * pull; errors stop init.
 */
final class InitPreflightPhase implements Phase<InitContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("preflight", "Run pre-flight checks", Trait.REPLACED_IN_UP);

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) {
        PreflightOptions options = new PreflightOptions(ctx.config().cluster().kubernetesVersion(),
                ctx.options().ignoredErrors(), Optional.empty(), ClusterSetup.of(ctx.config()));
        Optional<ImagePull> pull = ctx.dryRun() ? Optional.empty()
                : Optional.of(ImagePull.of(ctx.config().cluster(), ctx.config().init().nodeRegistration()));
        return new NodePreflight(PreflightRole.CONTROL_PLANE, options, pull).run(ctx.node(), ctx.facts(), List.of());
    }
}
