package dev.bootstrap.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;

/**
 * The fabric8 mock server in CRUD mode, plain HTTP on a given address, answering the API server's
 * health endpoints too and serving pod eviction with PodDisruptionBudgets ({@link EvictionDispatcher}):
 * the API STAND-IN behind a TLS terminator (socat in a lab node, or {@link ApiServerStandIn}'s own). No
 * real kube-apiserver can run here.
 */
public final class MockApiServer implements AutoCloseable {

    private final KubernetesMockServer mock;

    public MockApiServer(InetAddress bind) {
        this(bind, 0);
    }

    /**
     * On a given port (0: any free one). A new server on the port of a closed one is an API server
     * whose etcd was wiped, as after a reset of the whole cluster.
     */
    public MockApiServer(InetAddress bind, int port) {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        mock = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new EvictionDispatcher(new KubernetesMixedDispatcher(responses)), false);
        mock.init(bind, port);
        for (String path : new String[] {"/livez", "/readyz", "/healthz"}) {
            mock.expect().get().withPath(path).andReturn(200, "ok").always();
        }
    }

    public int port() {
        return mock.getPort();
    }

    /** A client straight to the mock (no TLS), to seed and inspect objects. */
    public KubernetesClient client() {
        return mock.createClient();
    }

    @Override
    public void close() {
        mock.destroy();
    }
}
