package dev.bootstrap.join;

import dev.bootstrap.apiserver.MarkControlPlane;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * kubeadm join's control-plane-join, whose one visible sub-phase is mark-control-plane (its etcd sub-phase is
 * hidden since 1.35: etcd-join), with the admin.conf the prepare phase wrote.
 */
final class MarkControlPlaneJoinPhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("control-plane-join", "Join a machine as a control plane instance")
            .withSubPhases(List.of("mark-control-plane"));

    private final ControlPlaneSettings settings;

    MarkControlPlaneJoinPhase(ControlPlaneSettings settings) {
        this.settings = settings;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) throws InterruptedException {
        KubeadmConfig config = context.controlPlaneConfig(settings.advertiseAddress());
        if (context.settings().dryRun()) {
            return Outcome.skipped("dry run: would label and taint Node " + config.nodeName() + " as a control plane");
        }
        try (KubernetesClient admin = AdminKubeconfig.client(context)) {
            List<ObjectApplier.Applied> applied = new MarkControlPlane(admin).mark(config,
                    config.init().timeouts().controlPlaneComponentHealthCheck());
            return ObjectApplier.Applied.outcome(applied);
        }
    }
}
