package dev.bootstrap.init;

import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.apiserver.UnverifiedTls;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Status;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * wait-control-plane: the kubelet's healthz, then the endpoints kubeadm polls for the version
 * (facts 5): every component's health endpoint when WaitForAllControlPlaneComponents is on (1.33+),
 * else the API server's /healthz. Node-local endpoints are reached through {@link Host#forward}.
 */
final class WaitControlPlanePhase implements Phase<InitContext> {

    @Override
    public String name() {
        return "wait-control-plane";
    }

    @Override
    public String title() {
        return "Wait for the control plane to be healthy";
    }

    @Override
    public Outcome run(InitContext ctx) throws InterruptedException {
        List<HealthWaiter.Endpoint> components = endpoints(ctx.config());
        if (ctx.dryRun()) {
            List<String> lines = new ArrayList<>(List.of("would wait for the kubelet at http://127.0.0.1:10248/healthz"));
            components.forEach(e -> lines.add("would wait for " + e.name() + " at " + e.url()));
            return new Outcome(Status.UNCHANGED, lines);
        }
        Host node = ctx.node();
        Timeouts timeouts = ctx.config().init().timeouts();
        List<String> lines = new ArrayList<>();
        HealthWaiter waiter = new HealthWaiter(UnverifiedTls.context());
        String criSocket = ctx.config().init().nodeRegistration().criSocketUrl();
        waiter.await(node.name(), criSocket, List.of(new HealthWaiter.Endpoint("kubelet", url("http", node,
                "127.0.0.1", 10248, "/healthz"))), timeouts.kubeletHealthCheck(), lines::add);
        waiter.await(node.name(), criSocket, components.stream().map(e -> new HealthWaiter.Endpoint(e.name(),
                url(e.url().getScheme(), node, e.url().getHost(), e.url().getPort(), e.url().getPath()))).toList(),
                timeouts.controlPlaneComponentHealthCheck(), lines::add);
        return new Outcome(Status.UNCHANGED, lines);
    }

    /** The endpoints as the node sees them. */
    static List<HealthWaiter.Endpoint> endpoints(KubeadmConfig cfg) {
        if (cfg.featureEnabled(VersionTable.WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS)) {
            String adv = cfg.advertiseAddress().contains(":") ? "[" + cfg.advertiseAddress() + "]" : cfg.advertiseAddress();
            int port = cfg.init().localAPIEndpoint().bindPort();
            return List.of(
                    new HealthWaiter.Endpoint("kube-apiserver", URI.create("https://" + adv + ":" + port + "/livez")),
                    new HealthWaiter.Endpoint("kube-controller-manager", URI.create("https://127.0.0.1:10257/healthz")),
                    new HealthWaiter.Endpoint("kube-scheduler", URI.create("https://127.0.0.1:10259/livez")));
        }
        return List.of(new HealthWaiter.Endpoint("kube-apiserver", URI.create(cfg.controlPlaneUrl() + "/healthz")));
    }

    /** A URL on this machine that reaches host:port as the node sees it. */
    private static URI url(String scheme, Host node, String host, int port, String path) {
        InetSocketAddress local = node.forward(host.replace("[", "").replace("]", ""), port);
        String h = local.getHostString().contains(":") ? "[" + local.getHostString() + "]" : local.getHostString();
        return URI.create(scheme + "://" + h + ":" + local.getPort() + path);
    }
}
