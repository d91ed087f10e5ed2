package dev.bootstrap.apiserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.discovery.ClusterInfo;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.DetachedJws;
import dev.bootstrap.token.TokenSpec;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * API objects against the fabric8 mock server in CRUD mode, a STAND-IN for kube-apiserver (none
 * can run here): it stores and returns objects like the real one, without defaulting or RBAC.
 */
class ApiObjectsOnStandInTest {

    private KubernetesMockServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void rbacIsCreatedOnceAndASecondRunChangesNothing() {
        List<HasMetadata> all = new ArrayList<>();
        all.add(KubeadmRbac.clusterAdmins());
        all.addAll(KubeadmRbac.nodeBootstrap());
        all.addAll(KubeadmRbac.clusterInfoReaders());
        all.addAll(KubeadmRbac.configReaders());
        ObjectApplier applier = new ObjectApplier(client);
        assertTrue(all.stream().map(applier::apply).allMatch(ObjectApplier.Applied::changed));
        List<ObjectApplier.Applied> again = all.stream().map(applier::apply).toList();
        assertTrue(again.stream().noneMatch(ObjectApplier.Applied::changed), again.toString());

        ClusterRoleBinding admins = client.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").get();
        assertEquals("cluster-admin", admins.getRoleRef().getName());
        assertEquals("Group", admins.getSubjects().get(0).getKind());
        assertEquals("kubeadm:cluster-admins", admins.getSubjects().get(0).getName());
        assertEquals("system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                client.rbac().clusterRoleBindings().withName("kubeadm:node-autoapprove-certificate-rotation").get()
                        .getRoleRef().getName());
        assertEquals(List.of("get"), client.rbac().clusterRoles().withName("kubeadm:get-nodes").get()
                .getRules().get(0).getVerbs());
        RoleBinding anon = client.rbac().roleBindings().inNamespace("kube-public")
                .withName("kubeadm:bootstrap-signer-clusterinfo").get();
        assertEquals("system:anonymous", anon.getSubjects().get(0).getName());
        assertEquals("User", anon.getSubjects().get(0).getKind());
        assertEquals(List.of("cluster-info"), client.rbac().roles().inNamespace("kube-public")
                .withName("kubeadm:bootstrap-signer-clusterinfo").get().getRules().get(0).getResourceNames());
        assertEquals(2, client.rbac().roleBindings().inNamespace("kube-system")
                .withName("kubeadm:kubelet-config").get().getSubjects().size());
    }

    @Test
    void anObjectChangedBySomeoneElseIsPutBack() {
        ObjectApplier applier = new ObjectApplier(client);
        HasMetadata crb = KubeadmRbac.clusterAdmins();
        applier.apply(crb);
        client.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").edit(b -> {
            b.getRoleRef().setName("view");
            b.getMetadata().getAnnotations().remove(ObjectApplier.HASH_ANNOTATION);
            return b;
        });
        ObjectApplier.Applied fixed = applier.apply(crb);
        assertTrue(fixed.changed());
        assertEquals("updated ClusterRoleBinding kubeadm:cluster-admins", fixed.line());
        assertEquals("cluster-admin", client.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").get()
                .getRoleRef().getName());
    }

    @Test
    void tokensAreListedAndDeleted() {
        TokenStore store = new TokenStore(client);
        BootstrapToken a = BootstrapToken.generate();
        BootstrapToken b = BootstrapToken.generate();
        Instant now = Instant.now();
        assertTrue(store.create(TokenSpec.defaults(a, "first"), now).changed());
        assertFalse(store.create(TokenSpec.defaults(a, "first"), now).changed(), "same id: left alone");
        store.create(new TokenSpec(b, Duration.ZERO, List.of("authentication"), List.of(), ""), now);
        assertEquals(2, store.list().size());
        assertEquals(List.of(a.value()), store.signingTokens(now).stream().map(BootstrapToken::value).toList());
        assertTrue(store.signingTokens(now.plus(Duration.ofHours(25))).isEmpty(), "expired tokens do not sign");
        assertTrue(store.delete(a.id()));
        assertFalse(store.delete(a.id()));
        assertTrue(store.delete(b.value()));
        assertTrue(store.list().isEmpty());
    }

    @Test
    void clusterInfoIsPublishedAndSignedForEverySigningToken() {
        byte[] ca = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n".getBytes(StandardCharsets.UTF_8);
        String kubeconfig = ClusterInfo.kubeconfig("https://10.211.0.11:6443", ca);
        assertTrue(kubeconfig.contains("name: ''") || kubeconfig.contains("name: \"\""), kubeconfig);
        BootstrapToken t1 = BootstrapToken.generate();
        BootstrapToken t2 = BootstrapToken.generate();
        List<ObjectApplier.Applied> first = ClusterInfoPublisher.publish(client, kubeconfig, List.of(t1));
        assertEquals(2, first.size());
        assertTrue(first.stream().allMatch(ObjectApplier.Applied::changed));
        assertTrue(ClusterInfoPublisher.publish(client, kubeconfig, List.of(t1)).stream().noneMatch(ObjectApplier.Applied::changed));
        ClusterInfoPublisher.publish(client, kubeconfig, List.of(t1, t2));
        ConfigMap cm = client.configMaps().inNamespace("kube-public").withName("cluster-info").get();
        assertNotNull(cm);
        String stored = cm.getData().get("kubeconfig");
        assertEquals(kubeconfig, stored);
        for (BootstrapToken t : List.of(t1, t2)) {
            assertTrue(DetachedJws.verify(stored, cm.getData().get("jws-kubeconfig-" + t.id()), t.id(), t.secret()));
        }
        assertEquals(new String(ca, StandardCharsets.UTF_8),
                new String(ClusterInfo.caOf(stored), StandardCharsets.UTF_8));
    }
}
