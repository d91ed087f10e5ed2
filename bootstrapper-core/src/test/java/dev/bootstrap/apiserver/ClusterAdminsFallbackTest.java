package dev.bootstrap.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kubeadm's cluster-admins dance against the STAND-IN (fabric8 mock, mixed mode): the first request
 * of admin.conf's identity is answered 403 as the real API server does before the binding exists;
 * everything else is stored CRUD-style.
 */
class ClusterAdminsFallbackTest {

    private static final String PATH = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/kubeadm:cluster-admins";
    private KubernetesMockServer server;

    @BeforeEach
    void start() {
        Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
        server = new KubernetesMockServer(new Context(), new MockWebServer(), responses,
                new KubernetesMixedDispatcher(responses), false);
        server.init();
    }

    @AfterEach
    void stop() {
        server.destroy();
    }

    @Test
    void forbiddenAdminConfFallsBackToSuperAdminConf() {
        server.expect().get().withPath(PATH).andReturn(403, new StatusBuilder().withStatus("Failure")
                .withReason("Forbidden").withCode(403).withMessage("clusterrolebindings.rbac.authorization.k8s.io "
                        + "\"kubeadm:cluster-admins\" is forbidden: User \"kubernetes-admin\" cannot get resource").build())
                .once();
        AtomicInteger superAdminOpened = new AtomicInteger();
        try (KubernetesClient admin = server.createClient()) {
            List<ObjectApplier.Applied> done = ClusterAdmins.ensure(admin, () -> {
                superAdminOpened.incrementAndGet();
                return server.createClient();
            });
            assertEquals(List.of(new ObjectApplier.Applied(true, "created ClusterRoleBinding kubeadm:cluster-admins "
                    + "(with super-admin.conf: admin.conf was forbidden)")), done);
            assertEquals(1, superAdminOpened.get());
            assertNotNull(admin.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").get());
            // now admin.conf is allowed: super-admin.conf is not read again
            assertEquals(List.of(new ObjectApplier.Applied(false, "unchanged ClusterRoleBinding kubeadm:cluster-admins")),
                    ClusterAdmins.ensure(admin, () -> {
                        throw new AssertionError("super-admin.conf read although admin.conf is allowed");
                    }));
        }
    }

    @Test
    void otherErrorsAreNotHiddenByTheFallback() {
        server.expect().get().withPath(PATH).andReturn(401, new StatusBuilder().withCode(401).withReason("Unauthorized")
                .withMessage("Unauthorized").build()).once();
        try (KubernetesClient admin = server.createClient()) {
            io.fabric8.kubernetes.client.KubernetesClientException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.fabric8.kubernetes.client.KubernetesClientException.class,
                    () -> ClusterAdmins.ensure(admin, () -> {
                        throw new AssertionError("401 is not a reason to use super-admin.conf");
                    }));
            assertEquals(401, e.getCode());
        }
    }
}
