package dev.bootstrap.apiserver;

import dev.bootstrap.config.ControlPlaneComponent;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.Host;
import dev.bootstrap.manifests.ComponentFlags;
import dev.bootstrap.net.HostPort;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

/**
 * The health endpoints of a control plane's components as kubeadm polls them (cmd/kubeadm/app/util/apiclient/wait.go:
 * WaitForControlPlaneComponents, WaitForAPI), for init's wait-control-plane and upgrade's component waits.
 */
public final class ControlPlaneEndpoints {

    private ControlPlaneEndpoints() {
    }

    /** The endpoints as this machine reaches them: through a tunnel over the node's connection where needed. */
    public static List<HealthWaiter.Endpoint> forwarded(Host node, List<HealthWaiter.Endpoint> endpoints) {
        return endpoints.stream().map(e -> new HealthWaiter.Endpoint(e.name(), url(e.url().getScheme(), node,
                e.url().getHost(), e.url().getPort(), e.url().getPath()))).toList();
    }

    /**
     * The control-plane endpoints as the node sees them. kubeadm reads the controller-manager's and
     * scheduler's --bind-address and --secure-port from their manifests; ours hold the component's
     * extraArgs over the defaults 127.0.0.1 and 10257/10259, so those are read here.
     */
    public static List<HealthWaiter.Endpoint> of(KubeadmConfig cfg) {
        if (cfg.featureEnabled(VersionTable.WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS)) {
            return components(cfg);
        }
        return List.of(new HealthWaiter.Endpoint("kube-apiserver", URI.create(cfg.controlPlaneUrl() + "/healthz")));
    }

    /** One component's own endpoint on this node (the API server's /livez, not the controlPlaneEndpoint's). */
    public static HealthWaiter.Endpoint of(KubeadmConfig cfg, String component) {
        return components(cfg).stream().filter(e -> e.name().equals(component)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no health endpoint for " + component));
    }

    private static List<HealthWaiter.Endpoint> components(KubeadmConfig cfg) {
        int port = cfg.init().localAPIEndpoint().bindPort();
        return List.of(
                new HealthWaiter.Endpoint("kube-apiserver", URI.create("https://"
                        + HostPort.join(cfg.advertiseAddress(), port) + "/livez")),
                local("kube-controller-manager", "controllerManager", cfg.cluster().controllerManager(), 10257, "/healthz"),
                local("kube-scheduler", "scheduler", cfg.cluster().scheduler(), 10259, "/livez"));
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
