package dev.bootstrap.init;

import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.config.ControlPlaneComponent;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.Host;
import dev.bootstrap.http.UnverifiedTls;
import dev.bootstrap.manifests.ComponentFlags;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import java.net.InetSocketAddress;
import java.net.URI;
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
        List<HealthWaiter.Endpoint> components = endpoints(ctx.config());
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
        waiter.await(node.name(), criSocket, forwarded(node, kubelet), timeouts.kubeletHealthCheck(), lines::add);
        waiter.await(node.name(), criSocket, forwarded(node, components), timeouts.controlPlaneComponentHealthCheck(),
                lines::add);
        return new Outcome(Status.UNCHANGED, lines);
    }

    private static List<HealthWaiter.Endpoint> forwarded(Host node, List<HealthWaiter.Endpoint> endpoints) {
        return endpoints.stream().map(e -> new HealthWaiter.Endpoint(e.name(), url(e.url().getScheme(), node,
                e.url().getHost(), e.url().getPort(), e.url().getPath()))).toList();
    }

    /**
     * The control-plane endpoints as the node sees them. kubeadm reads the controller-manager's and
     * scheduler's --bind-address and --secure-port from their manifests; ours hold the component's
     * extraArgs over the defaults 127.0.0.1 and 10257/10259, so those are read here.
     */
    static List<HealthWaiter.Endpoint> endpoints(KubeadmConfig cfg) {
        if (cfg.featureEnabled(VersionTable.WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS)) {
            int port = cfg.init().localAPIEndpoint().bindPort();
            return List.of(
                    new HealthWaiter.Endpoint("kube-apiserver", URI.create("https://"
                            + HostPort.join(cfg.advertiseAddress(), port) + "/livez")),
                    local("kube-controller-manager", "controllerManager", cfg.cluster().controllerManager(), 10257, "/healthz"),
                    local("kube-scheduler", "scheduler", cfg.cluster().scheduler(), 10259, "/livez"));
        }
        return List.of(new HealthWaiter.Endpoint("kube-apiserver", URI.create(cfg.controlPlaneUrl() + "/healthz")));
    }

    private static HealthWaiter.Endpoint local(String name, String field, ControlPlaneComponent component,
                                               int defaultPort, String path) {
        String address = ComponentFlags.extra(component.extraArgs(), "bind-address").orElse("127.0.0.1");
        String port = ComponentFlags.extra(component.extraArgs(), "secure-port").orElse(String.valueOf(defaultPort));
        if (!HostPort.isPort(port)) {
            throw new IllegalArgumentException("ClusterConfiguration." + field + ".extraArgs: secure-port \"" + port
                    + "\" is not a port number (1-65535)");
        }
        return new HealthWaiter.Endpoint(name, URI.create("https://" + HostPort.join(address, Integer.parseInt(port))
                + path));
    }

    /** A URL on this machine that reaches host:port as the node sees it. */
    private static URI url(String scheme, Host node, String host, int port, String path) {
        InetSocketAddress local = node.forward(host.replace("[", "").replace("]", ""), port);
        return URI.create(scheme + "://" + HostPort.join(local.getHostString(), local.getPort()) + path);
    }
}
