package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NodeDrain} against the API STAND-IN ({@link MockApiServer}: fabric8's CRUD mock with the Eviction
 * subresource and PodDisruptionBudgets). The drain's client does not retry, so a 429 comes back at once (fabric8
 * would retry it with backoff first).
 */
class NodeDrainTest {

    private static final String NS = "apps";
    private static final Map<String, String> WEB = Map.of("app", "web");
    private static final NodeDrain.Options QUICK = NodeDrain.Options.DEFAULTS.withTimeout(Duration.ofSeconds(2))
            .withPollInterval(Duration.ofMillis(100));

    private MockApiServer server;
    private KubernetesClient seed;
    private KubernetesClient client;
    private NodeDrain drain;

    @BeforeEach
    void start() {
        server = new MockApiServer(InetAddress.getLoopbackAddress());
        seed = server.client();
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.port()).withRequestRetryBackoffLimit(0).build()).build();
        drain = new NodeDrain(client);
    }

    @AfterEach
    void stop() {
        client.close();
        seed.close();
        server.close();
    }

    // --- cordon

    @Test
    void cordonMarksTheNodeAsOursAndUncordonUndoesOnlyThat() {
        node("w1", false);

        assertTrue(drain.cordon("w1"));
        Node cordoned = node("w1");
        assertEquals(Boolean.TRUE, cordoned.getSpec().getUnschedulable());
        String when = cordoned.getMetadata().getAnnotations().get(NodeDrain.CORDONED_ANNOTATION);
        assertNotNull(Instant.parse(when), "an RFC 3339 time: " + when);
        assertEquals("1", cordoned.getMetadata().getAnnotations().get("keep"), "other annotations stay");
        assertEquals("10.244.1.0/24", cordoned.getSpec().getPodCIDR(), "other fields stay");

        assertTrue(drain.cordon("w1"), "a second cordon finds its own");
        assertEquals(when, node("w1").getMetadata().getAnnotations().get(NodeDrain.CORDONED_ANNOTATION));
        try (KubernetesClient later = server.client()) {
            assertEquals(List.of("w1"), new NodeDrain(later).cordonedByUs(), "what a run after a killed one finds");
        }

        assertTrue(drain.uncordon("w1"));
        Node back = node("w1");
        assertFalse(Boolean.TRUE.equals(back.getSpec().getUnschedulable()));
        assertNull(back.getMetadata().getAnnotations().get(NodeDrain.CORDONED_ANNOTATION));
        assertEquals("1", back.getMetadata().getAnnotations().get("keep"));
        assertEquals("10.244.1.0/24", back.getSpec().getPodCIDR());
        assertEquals(List.of(), drain.cordonedByUs());
        assertFalse(drain.uncordon("w1"), "nothing of ours left");
    }

    @Test
    void aNodeTheUserCordonedStaysCordoned() {
        node("w1", true);
        node("w2", false);

        assertFalse(drain.cordon("w1"));
        assertNull(node("w1").getMetadata().getAnnotations().get(NodeDrain.CORDONED_ANNOTATION));
        assertFalse(drain.uncordon("w1"));
        assertEquals(Boolean.TRUE, node("w1").getSpec().getUnschedulable());
        assertEquals(List.of(), drain.cordonedByUs());

        assertTrue(drain.cordon("w2"));
        assertEquals(List.of("w2"), drain.cordonedByUs());
        DrainException e = assertThrows(DrainException.class, () -> drain.cordon("ghost"));
        assertEquals("no Node ghost in the cluster", e.getMessage());
    }

    // --- drain

    @Test
    void evictsReplicaSetPodsSkipsDaemonSetAndMirrorPodsAndLeavesOtherNodes() throws Exception {
        replicaSet(3);
        pod("w1", "web-1", this::ownedByReplicaSet);
        pod("w1", "web-2", this::ownedByReplicaSet);
        pod("w2", "web-3", this::ownedByReplicaSet);
        pod("w1", "agent-x1", p -> owned(p, "DaemonSet", "agent"));
        pod("w1", "kube-proxy-w1", p -> owned(p, "DaemonSet", "kube-proxy"));
        pod("w1", "etcd-w1", p -> owned(new PodBuilder(p).editMetadata()
                .addToAnnotations("kubernetes.io/config.mirror", "abc").endMetadata().build(), "Node", "w1"));
        // kubectl: "any finished pod can be removed", also without a controller and with an emptyDir
        pod("w1", "job-done", p -> new PodBuilder(emptyDir(p)).editStatus().withPhase("Succeeded").endStatus().build());

        NodeDrain.Result result = drain.drain("w1", QUICK);

        assertEquals(List.of("apps/job-done", "apps/web-1", "apps/web-2"), result.evicted());
        assertEquals(List.of(new NodeDrain.Skipped("apps/agent-x1", "DaemonSet-managed"),
                new NodeDrain.Skipped("apps/etcd-w1", "mirror Pod"),
                new NodeDrain.Skipped("apps/kube-proxy-w1", "DaemonSet-managed")), result.skipped());
        assertTrue(result.took().compareTo(QUICK.timeout()) < 0, result.took().toString());
        assertEquals(List.of("agent-x1", "etcd-w1", "kube-proxy-w1", "web-3"), podNames());
        assertEquals(List.of("web-3"), client.pods().inAnyNamespace().withField("spec.nodeName", "w2").list()
                .getItems().stream().map(p -> p.getMetadata().getName()).toList(), "the field selector is honoured");
    }

    @Test
    void anEmptyDirPodIsRefusedUnlessItsDataMayGo() throws Exception {
        replicaSet(2);
        pod("w1", "web-1", this::ownedByReplicaSet);
        pod("w1", "cache-1", p -> emptyDir(ownedByReplicaSet(p)));

        DrainException e = assertThrows(DrainException.class, () -> drain.drain("w1", QUICK));
        assertEquals("node w1 cannot be drained, nothing was evicted: cannot delete Pods with local storage"
                + " (set spec.upgrade.deleteEmptyDirData to override): apps/cache-1", e.getMessage());
        assertEquals(List.of("cache-1", "web-1"), podNames());

        NodeDrain.Result result = drain.drain("w1", QUICK.withDeleteEmptyDirData(true));
        assertEquals(List.of("apps/cache-1", "apps/web-1"), result.evicted());
        assertEquals(List.of(), podNames());
    }

    @Test
    void podsWithoutAControllerAreRefusedWithTheOtherRefusalsAndNothingIsEvicted() {
        replicaSet(3);
        pod("w1", "web-1", this::ownedByReplicaSet);
        pod("w1", "lone", UnaryOperator.identity());
        pod("w1", "debug", p -> owned(p, "ReplicaSet", "web", false)); // an owner, but not the controller
        pod("w1", "cache-1", p -> emptyDir(ownedByReplicaSet(p)));

        DrainException e = assertThrows(DrainException.class, () -> drain.drain("w1", QUICK));
        assertEquals("node w1 cannot be drained, nothing was evicted:"
                + " cannot delete Pods that declare no controller (delete or re-create them under a controller first):"
                + " apps/debug, apps/lone;"
                + " cannot delete Pods with local storage (set spec.upgrade.deleteEmptyDirData to override): apps/cache-1",
                e.getMessage());
        assertEquals(List.of("cache-1", "debug", "lone", "web-1"), podNames());
    }

    @Test
    void aBudgetHoldingEveryHealthyPodTimesOutNamingThePodsAndTheBudget() {
        twoWebPods();
        create(budget("web-pdb", WEB).editSpec().withMinAvailable(new IntOrString(2)).endSpec()
                .withNewStatus().withDisruptionsAllowed(0).withCurrentHealthy(2).withDesiredHealthy(2).withExpectedPods(2)
                .endStatus());
        create(budget("db-pdb", Map.of("app", "db")).editSpec().withMaxUnavailable(new IntOrString("10%")).endSpec());

        long start = System.nanoTime();
        DrainException e = assertThrows(DrainException.class, () -> drain.drain("w1", QUICK));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        String held = ": eviction refused, held by PodDisruptionBudget web-pdb"
                + " (minAvailable 2; disruptionsAllowed 0, currentHealthy 2, desiredHealthy 2)";
        assertEquals("node w1 was not drained within 2 s; still there:\n  apps/web-1" + held + "\n  apps/web-2" + held
                + "\nScale the workloads up or relax their PodDisruptionBudgets, or raise spec.upgrade.drainTimeout.",
                e.getMessage());
        assertTrue(took.compareTo(Duration.ofMillis(1900)) > 0 && took.compareTo(Duration.ofSeconds(4)) < 0,
                "bounded by the timeout: " + took);
        assertEquals(List.of("web-1", "web-2"), podNames());
    }

    @Test
    void aRefusedEvictionIsRetriedUntilTheBudgetAllowsIt() throws Exception {
        twoWebPods();
        create(budget("web-pdb", WEB).editSpec().withMinAvailable(new IntOrString(1)).endSpec());

        CompletableFuture<NodeDrain.Result> drained = drainInBackground();
        awaitPodNames(List.of("web-2"), "web-1 goes, web-2 is held by the budget");
        Thread.sleep(300);
        assertFalse(drained.isDone(), "held while the budget holds");
        seed.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web-pdb").delete();

        assertEquals(List.of("apps/web-1", "apps/web-2"), drained.get(10, TimeUnit.SECONDS).evicted());
        assertEquals(List.of(), podNames());
    }

    /** A finalizer keeps the evicted pod terminating, as a kubelet does during the grace period. */
    @Test
    void theDrainWaitsUntilTheEvictedPodsAreGone() throws Exception {
        replicaSet(1);
        pod("w1", "web-1", p -> new PodBuilder(ownedByReplicaSet(p)).editMetadata()
                .addToFinalizers("bootstrap.dev/test").endMetadata().build());

        DrainException e = assertThrows(DrainException.class, () -> drain.drain("w1", QUICK));
        assertEquals("node w1 was not drained within 2 s; still there:\n  apps/web-1: evicted, still terminating"
                + "\nIf the pods need longer to stop, raise spec.upgrade.drainTimeout.",
                e.getMessage());

        CompletableFuture<NodeDrain.Result> drained = drainInBackground();
        Thread.sleep(500);
        assertFalse(drained.isDone(), "waits for the pod to go");
        seed.pods().inNamespace(NS).withName("web-1").edit(p -> new PodBuilder(p).editMetadata()
                .withFinalizers(List.of()).endMetadata().build());
        assertEquals(List.of("apps/web-1"), drained.get(10, TimeUnit.SECONDS).evicted());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> NodeDrain.Options.DEFAULTS.withTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> NodeDrain.Options.DEFAULTS.withGracePeriod(Duration.ofSeconds(-1)));
        assertEquals(Duration.ofSeconds(300), NodeDrain.Options.DEFAULTS.timeout());
        assertEquals(Duration.ofSeconds(5), NodeDrain.Options.DEFAULTS.pollInterval());
    }

    /** Drains w1 with time enough for the test to change what holds it. */
    private CompletableFuture<NodeDrain.Result> drainInBackground() {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return drain.drain("w1", QUICK.withTimeout(Duration.ofSeconds(20)));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    // --- seeding and asking

    private void node(String name, boolean unschedulable) {
        seed.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).addToAnnotations("keep", "1")
                .endMetadata().withNewSpec().withPodCIDR("10.244.1.0/24").withUnschedulable(unschedulable ? true : null)
                .endSpec().build()).create();
    }

    private Node node(String name) {
        return seed.nodes().withName(name).get();
    }

    private void replicaSet(int replicas) {
        seed.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(WEB).endSelector().endSpec()
                .build()).create();
    }

    /** web-1 and web-2 on w1, of the ReplicaSet web of 2. */
    private void twoWebPods() {
        replicaSet(2);
        pod("w1", "web-1", this::ownedByReplicaSet);
        pod("w1", "web-2", this::ownedByReplicaSet);
    }

    private static PodDisruptionBudgetBuilder budget(String name, Map<String, String> selector) {
        return new PodDisruptionBudgetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewSelector().withMatchLabels(selector).endSelector().endSpec();
    }

    private void create(PodDisruptionBudgetBuilder budget) {
        seed.policy().v1().podDisruptionBudget().inNamespace(NS).resource(budget.build()).create();
    }

    /** A Running, Ready pod of {@code node}, labelled app=web, shaped by {@code shape}. */
    private void pod(String node, String name, UnaryOperator<Pod> shape) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(WEB).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app")
                .withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus().build();
        seed.pods().inNamespace(NS).resource(shape.apply(pod)).create();
    }

    private Pod ownedByReplicaSet(Pod pod) {
        return owned(pod, "ReplicaSet", "web");
    }

    private Pod owned(Pod pod, String kind, String name) {
        return owned(pod, kind, name, true);
    }

    private Pod owned(Pod pod, String kind, String name, boolean controller) {
        String uid = "ReplicaSet".equals(kind) && controller
                ? seed.apps().replicaSets().inNamespace(NS).withName(name).get().getMetadata().getUid() : "uid-" + name;
        return new PodBuilder(pod).editMetadata().addToOwnerReferences(new OwnerReferenceBuilder()
                .withApiVersion("Node".equals(kind) ? "v1" : "apps/v1").withKind(kind).withName(name).withUid(uid)
                .withController(controller).build()).endMetadata().build();
    }

    private static Pod emptyDir(Pod pod) {
        return new PodBuilder(pod).editSpec().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir()
                .endVolume().endSpec().build();
    }

    private List<String> podNames() {
        return seed.pods().inNamespace(NS).list().getItems().stream().map(p -> p.getMetadata().getName()).sorted()
                .toList();
    }

    private void awaitPodNames(List<String> expected, String why) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!podNames().equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(expected, podNames(), why);
    }
}
