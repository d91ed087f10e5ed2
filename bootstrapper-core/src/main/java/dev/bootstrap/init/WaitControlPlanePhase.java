package dev.bootstrap.init;

import dev.bootstrap.apiserver.ControlPlaneEndpoints;
import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.host.Host;
import dev.bootstrap.http.UnverifiedTls;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import java.util.ArrayList;
import java.util.List;

/**
 * wait-control-plane: the kubelet's healthz (address and port from its config.yaml), then the endpoints
 * kubeadm polls for the version (cmd/kubeadm/app/util/apiclient/wait.go, WaitForControlPlaneComponents,
 * WaitForAPI): every component's health endpoint when WaitForAllControlPlaneComponents is on (1.33+), else the API
 * server's /healthz. Node-local endpoints are reached through {@link Host#forward}.
 */
final class WaitControlPlanePhase implements Phase<InitContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("wait-control-plane", "Wait for the control plane to be healthy");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) throws InterruptedException {
        List<HealthWaiter.Endpoint> kubelet = new KubeletFiles(ctx.options().templates(), ctx.config()).healthzUrl()
                .map(u -> List.of(new HealthWaiter.Endpoint("kubelet", u))).orElse(List.of());
        List<HealthWaiter.Endpoint> components = ControlPlaneEndpoints.of(ctx.config());
        if (ctx.dryRun()) {
            List<String> lines = new ArrayList<>();
            if (kubelet.isEmpty()) {
                lines.add("would not wait for the kubelet: its healthzPort is 0");
            }
            kubelet.forEach(e -> lines.add("would wait for the kubelet at " + e.url()));
            components.forEach(e -> lines.add("would wait for " + e.name() + " at " + e.url()));
            return new Outcome(Status.UNCHANGED, lines);
        }
        Host node = ctx.node();
        // The API phases after this one need the client: made while waiting.
        ctx.prepareAdmin();
        Timeouts timeouts = ctx.config().init().timeouts();
        List<String> lines = new ArrayList<>();
        HealthWaiter waiter = new HealthWaiter(UnverifiedTls.context());
        String criSocket = ctx.config().init().nodeRegistration().criSocketUrl();
        waiter.await(node.name(), criSocket, ControlPlaneEndpoints.forwarded(node, kubelet), timeouts.kubeletHealthCheck(), lines::add);
        waiter.await(node.name(), criSocket, ControlPlaneEndpoints.forwarded(node, components), timeouts.controlPlaneComponentHealthCheck(),
                lines::add);
        return new Outcome(Status.UNCHANGED, lines);
    }
}
