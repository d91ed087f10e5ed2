package dev.bootstrap.join;

import dev.bootstrap.apiserver.ControlPlaneEndpoints;
import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.http.UnverifiedTls;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * kubeadm join's wait-control-plane (cmd/kubeadm/app/cmd/phases/join/waitcontrolplane.go; always run since
 * WaitForAllControlPlaneComponents was removed in 1.35): this node's kube-apiserver, kube-controller-manager and
 * kube-scheduler answer their health endpoints, reached through the node.
 */
final class WaitControlPlaneJoinPhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("wait-control-plane", "Wait for the control plane to start");

    private final ControlPlaneSettings settings;

    WaitControlPlaneJoinPhase(ControlPlaneSettings settings) {
        this.settings = settings;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) throws InterruptedException {
        KubeadmConfig config = context.controlPlaneConfig(settings.advertiseAddress());
        List<HealthWaiter.Endpoint> components = ControlPlaneEndpoints.of(config);
        List<String> lines = new ArrayList<>();
        if (context.settings().dryRun()) {
            components.forEach(e -> lines.add("would wait for " + e.name() + " at " + e.url()));
            return new Outcome(Status.UNCHANGED, lines);
        }
        new HealthWaiter(UnverifiedTls.context()).await(context.node().name(),
                config.init().nodeRegistration().criSocketUrl(), ControlPlaneEndpoints.forwarded(context.node(),
                        components), config.init().timeouts().controlPlaneComponentHealthCheck(), lines::add);
        return new Outcome(Status.UNCHANGED, lines);
    }
}
