package dev.bootstrap.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpecBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The Eviction subresource of the API STAND-IN ({@link EvictionDispatcher} in {@link MockApiServer} and
 * {@link ApiServerStandIn}) against PodDisruptionBudgets, through the fabric8 client's own eviction API.
 * The clients here do not retry: fabric8 retries a 429 (and a 5xx) with backoff before {@code evict()}
 * answers false, which the stand-in would answer the same way each time, only later.
 */
class EvictionStandInTest {

    private static final String NS = "apps";
    private static final Map<String, String> WEB = Map.of("app", "web");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private MockApiServer server;
    private KubernetesClient client;

    @BeforeEach
    void start() {
        server = new MockApiServer(InetAddress.getLoopbackAddress());
        client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + server.port()).withRequestRetryBackoffLimit(0).build()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void withoutABudgetThePodIsDeletedAndTheAnswerIsCreatedSuccess() throws Exception {
        // seeded as tests often seed pods: no status at all
        client.pods().inNamespace(NS).resource(new PodBuilder(podOf("lone", Map.of("app", "lone"), true))
                .withStatus(null).build()).create();
        pod("other", Map.of("app", "lone"), true);
        budget("web", b -> b.withMinAvailable(new IntOrString(1))); // selects other pods only

        HttpResponse<String> answer = postEviction("lone");
        assertEquals(201, answer.statusCode(), answer.body());
        Status status = KubeSerialization.SHARED.unmarshal(answer.body(), Status.class);
        assertEquals("Status", status.getKind());
        assertEquals("Success", status.getStatus());
        assertNull(get("lone"), "an evicted pod is deleted");

        assertTrue(client.pods().inNamespace(NS).withName("other").evict(new EvictionBuilder()
                .withNewMetadata().withName("other").withNamespace(NS).endMetadata()
                .withDeleteOptions(new DeleteOptionsBuilder().withGracePeriodSeconds(0L).build()).build()));
        assertNull(get("other"));
    }

    @Test
    void minAvailableOneWithOneHealthyPodRefusesWithTheBudgetNamed() throws Exception {
        pod("web-1", WEB, true);
        budget("web-pdb", b -> b.withMinAvailable(new IntOrString(1)));

        assertFalse(evict("web-1"));
        assertNotNull(get("web-1"), "a refused eviction leaves the pod");

        HttpResponse<String> answer = postEviction("web-1");
        assertEquals(429, answer.statusCode(), answer.body());
        Status status = KubeSerialization.SHARED.unmarshal(answer.body(), Status.class);
        assertEquals("Failure", status.getStatus());
        assertEquals("TooManyRequests", status.getReason());
        assertEquals("Cannot evict pod as it would violate the pod's disruption budget.", status.getMessage());
        StatusCause cause = status.getDetails().getCauses().get(0);
        assertEquals("DisruptionBudget", cause.getReason());
        assertEquals("The disruption budget web-pdb needs 1 healthy pods and has 1 currently", cause.getMessage());
        assertNotNull(get("web-1"));
    }

    @Test
    void withTwoHealthyPodsTheFirstEvictionGoesAndTheSecondIsRefused() {
        pod("web-1", WEB, true);
        pod("web-2", WEB, true);
        budget("web-pdb", b -> b.withMinAvailable(new IntOrString(1)));

        assertTrue(evict("web-1"));
        assertNull(get("web-1"));
        assertFalse(evict("web-2"));
        assertNotNull(get("web-2"));
    }

    /**
     * 50% of a ReplicaSet of 3 rounds up to 2, whichever field holds it: maxUnavailable 2 keeps 1 healthy (rounded
     * down it would keep 2), minAvailable 2 lets 1 go (rounded down, 2). The scale stays 3 as pods go.
     */
    @ParameterizedTest
    @CsvSource({"maxUnavailable, 2, 1", "minAvailable, 1, 2"})
    void fiftyPercentOfThreeReplicasRoundsUp(String field, int allowed, int keeps) throws Exception {
        replicatedPods(3);
        IntOrString half = new IntOrString("50%");
        budget("web-pdb", b -> {
            if (field.equals("maxUnavailable")) {
                b.withMaxUnavailable(half);
            } else {
                b.withMinAvailable(half);
            }
        });

        for (int i = 1; i <= allowed; i++) {
            assertTrue(evict("web-" + i), "eviction " + i + " of " + allowed + " allowed");
        }
        String next = "web-" + (allowed + 1);
        assertFalse(evict(next));
        assertEquals("The disruption budget web-pdb needs " + keeps + " healthy pods and has " + keeps + " currently",
                cause(postEviction(next)));
    }

    @Test
    void podsWithoutAControllerCountNothingForAPercentageAsTheDisruptionControllerCountsThem() throws Exception {
        pod("web-1", WEB, true);
        pod("web-2", WEB, true);
        budget("web-pdb", b -> b.withMaxUnavailable(new IntOrString("50%")));

        assertFalse(evict("web-1"));
        assertEquals("The disruption budget web-pdb needs 0 healthy pods and has 2 currently", cause(postEviction("web-1")));
    }

    @Test
    void aPodThatIsNotReadyGoesUnderABudgetWithNoneAllowedWhenTheBudgetIsMet() {
        pod("web-1", WEB, true);
        pod("web-2", WEB, false);
        budget("web-pdb", b -> b.withMinAvailable(new IntOrString(1)));

        assertFalse(evict("web-1"), "1 healthy of 1 needed: none allowed");
        assertTrue(evict("web-2"));
        assertNull(get("web-2"));
        assertNotNull(get("web-1"));
    }

    @Test
    void aPodThatIsNotReadyUnderAnUnmetBudgetGoesOnlyWithAlwaysAllow() throws Exception {
        pod("web-1", WEB, true);
        pod("web-2", WEB, false);
        budget("web-pdb", b -> b.withMinAvailable(new IntOrString(2)));

        assertFalse(evict("web-2"), "IfHealthyBudget (the default): not met");
        assertEquals("The disruption budget web-pdb needs 2 healthy pods and has 1 currently", cause(postEviction("web-2")));

        client.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web-pdb")
                .edit(pdb -> new PodDisruptionBudgetBuilder(pdb).editSpec()
                        .withUnhealthyPodEvictionPolicy("AlwaysAllow").endSpec().build());
        assertTrue(evict("web-2"));
        assertNull(get("web-2"));
        assertFalse(evict("web-1"), "a healthy pod is still held");
    }

    @Test
    void evictingAMissingPodIsNotFound() {
        KubernetesClientException e = assertThrows(KubernetesClientException.class,
                () -> evict("ghost"));
        assertEquals(404, e.getCode());
        assertEquals("NotFound", e.getStatus().getReason());
        assertEquals("pods \"ghost\" not found", e.getStatus().getMessage());
    }

    @Test
    void twoBudgetsOverOnePodAreAServerError() throws Exception {
        pod("web-1", WEB, true);
        pod("web-2", WEB, true);
        budget("web-a", b -> b.withMinAvailable(new IntOrString(1)));
        budget("web-b", b -> b.withMaxUnavailable(new IntOrString(1)));

        HttpResponse<String> answer = postEviction("web-1");
        assertEquals(500, answer.statusCode(), answer.body());
        assertEquals("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.",
                KubeSerialization.SHARED.unmarshal(answer.body(), Status.class).getMessage());
        assertNotNull(get("web-1"));
    }

    @Test
    void dryRunAndFailedPreconditionsLeaveThePod() throws Exception {
        pod("web-1", WEB, true);

        HttpResponse<String> dry = postEviction("web-1", "{\"dryRun\":[\"All\"]}");
        assertEquals(201, dry.statusCode(), dry.body());
        assertNotNull(get("web-1"), "a dry run deletes nothing");

        HttpResponse<String> stale = postEviction("web-1", "{\"preconditions\":{\"uid\":\"not-this-pod\"}}");
        assertEquals(409, stale.statusCode(), stale.body());
        assertEquals("Conflict", KubeSerialization.SHARED.unmarshal(stale.body(), Status.class).getReason());
        assertNotNull(get("web-1"));

        HttpResponse<String> same = postEviction("web-1",
                "{\"preconditions\":{\"uid\":\"" + get("web-1").getMetadata().getUid() + "\"}}");
        assertEquals(201, same.statusCode(), same.body());
        assertNull(get("web-1"));
    }

    /** kubectl drain's list; the CRUD mock alone answers a spec.nodeName field selector with no pods. */
    @Test
    void podsAreListedByNodeNameAlsoWithOtherFieldSelectors() {
        for (String name : List.of("a-1", "a-2", "b-1")) {
            client.pods().inNamespace(name.equals("a-2") ? "other" : NS).resource(new PodBuilder(podOf(name, WEB, true))
                    .editMetadata().withNamespace(null).endMetadata()
                    .editSpec().withNodeName("node-" + name.charAt(0)).endSpec().build()).create();
        }
        assertEquals(List.of("a-1", "a-2"), names(client.pods().inAnyNamespace().withField("spec.nodeName", "node-a").list()));
        assertEquals(List.of("a-1"), names(client.pods().inNamespace(NS).withField("spec.nodeName", "node-a").list()));
        assertEquals(List.of("a-2"), names(client.pods().inAnyNamespace().withField("spec.nodeName", "node-a")
                .withField("metadata.name", "a-2").list()));
        assertEquals(List.of(), names(client.pods().inAnyNamespace().withField("spec.nodeName", "node-c").list()));
    }

    @Test
    void theTlsStandInServesEvictionToAnAdminConfClient(@TempDir Path dir) throws Exception {
        try (StandInCluster cluster = new StandInCluster(dir); KubernetesClient direct = cluster.direct()) {
            Config config = Config.fromKubeconfig(cluster.kubeconfig(StandInCluster.ADMIN_CONF));
            config.setRequestRetryBackoffLimit(0);
            try (KubernetesClient admin = new KubernetesClientBuilder().withConfig(config).build()) {
                direct.pods().inNamespace(NS).resource(podOf("web-1", WEB, true)).create();
                direct.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
                        .withNewMetadata().withName("web-pdb").endMetadata()
                        .withNewSpec().withMinAvailable(new IntOrString(1)).withNewSelector().withMatchLabels(WEB)
                        .endSelector().endSpec().build()).create();

                assertFalse(admin.pods().inNamespace(NS).withName("web-1").evict());
                assertNotNull(direct.pods().inNamespace(NS).withName("web-1").get());
                direct.policy().v1().podDisruptionBudget().inNamespace(NS).withName("web-pdb").delete();
                assertTrue(admin.pods().inNamespace(NS).withName("web-1").evict());
                assertNull(direct.pods().inNamespace(NS).withName("web-1").get());
            }
        }
    }

    // --- seeding and asking

    /** fabric8's eviction: true when evicted, false on 429. */
    private boolean evict(String name) {
        return client.pods().inNamespace(NS).withName(name).evict();
    }

    private Pod get(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    private void pod(String name, Map<String, String> labels, boolean ready) {
        client.pods().inNamespace(NS).resource(podOf(name, labels, ready)).create();
    }

    private static List<String> names(PodList pods) {
        return pods.getItems().stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    /** A Running pod, Ready or not, as the kubelet reports it. */
    private static Pod podOf(String name, Map<String, String> labels, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
    }

    /** A ReplicaSet of {@code replicas} and its pods web-1.., each Ready and controlled by it. */
    private void replicatedPods(int replicas) {
        ReplicaSet rs = client.apps().replicaSets().inNamespace(NS).resource(new ReplicaSetBuilder()
                .withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().withMatchLabels(WEB).endSelector().endSpec()
                .build()).create();
        assertNotNull(rs.getMetadata().getUid(), "the stand-in gives objects a uid");
        for (int i = 1; i <= replicas; i++) {
            Pod pod = new PodBuilder(podOf("web-" + i, WEB, true)).editMetadata()
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                            .withName("web").withUid(rs.getMetadata().getUid()).withController(true).build())
                    .endMetadata().build();
            client.pods().inNamespace(NS).resource(pod).create();
        }
    }

    private void budget(String name, Consumer<PodDisruptionBudgetSpecBuilder> limit) {
        PodDisruptionBudgetSpecBuilder spec = new PodDisruptionBudgetSpecBuilder()
                .withNewSelector().withMatchLabels(WEB).endSelector();
        limit.accept(spec);
        client.policy().v1().podDisruptionBudget().inNamespace(NS).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata().withSpec(spec.build()).build()).create();
    }

    private HttpResponse<String> postEviction(String pod) throws Exception {
        return postEviction(pod, null);
    }

    /** The POST as kubectl drain sends it, to read the whole answer (fabric8's evict() keeps only true/false). */
    private HttpResponse<String> postEviction(String pod, String deleteOptions) throws Exception {
        String body = "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"" + pod
                + "\",\"namespace\":\"" + NS + "\"}" + (deleteOptions == null ? "" : ",\"deleteOptions\":" + deleteOptions)
                + "}";
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/api/v1/namespaces/" + NS + "/pods/" + pod + "/eviction"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The DisruptionBudget cause of a refusal. */
    private static String cause(HttpResponse<String> answer) {
        assertEquals(429, answer.statusCode(), answer.body());
        List<StatusCause> causes = KubeSerialization.SHARED.unmarshal(answer.body(), Status.class).getDetails().getCauses();
        assertEquals("DisruptionBudget", causes.get(0).getReason());
        return causes.get(0).getMessage();
    }
}
