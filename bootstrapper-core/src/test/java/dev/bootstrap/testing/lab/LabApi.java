package dev.bootstrap.testing.lab;

import dev.bootstrap.testing.MockApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;

/**
 * The API side of a lab cluster, as the lab tests and the up benchmark use it: the API STAND-IN (the
 * fabric8 CRUD mock) on the lab's bridge address, a direct client to it, the kubelets' TLS bootstrap
 * played for every node ({@link LabKubelets}), and node1's Node, which its kubelet would register.
 */
public final class LabApi implements AutoCloseable {

    private final Lab lab;
    private final MockApiServer server;
    private final KubernetesClient direct;
    private final LabKubelets kubelets;

    private LabApi(Lab lab, int port) throws Exception {
        this.lab = lab;
        this.server = new MockApiServer(InetAddress.getByName(lab.bridgeAddress()), port);
        this.direct = server.client();
        this.kubelets = new LabKubelets(lab, lab.node(1), direct, lab.nodes());
        direct.nodes().resource(LabKubelets.node(lab.node(1))).create();
    }

    public static LabApi start(Lab lab) throws Exception {
        return new LabApi(lab, 0);
    }

    /** On the port of an earlier one: an API server whose etcd was wiped (after a reset of the cluster). */
    public static LabApi restart(Lab lab, int port) throws Exception {
        return new LabApi(lab, port);
    }

    public KubernetesClient direct() {
        return direct;
    }

    public LabKubelets kubelets() {
        return kubelets;
    }

    public int port() {
        return server.port();
    }

    /** What the kubelet stand-in's API server forwards to: bridge address and port. */
    public String upstream() {
        return lab.bridgeAddress() + ":" + port();
    }

    @Override
    public void close() throws Exception {
        try (server; direct; kubelets) {
            // closed in reverse order: the kubelet player, the client, the server
        }
    }
}
