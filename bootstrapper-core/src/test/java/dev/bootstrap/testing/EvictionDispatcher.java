package dev.bootstrap.testing;

import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Preconditions;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.api.model.StatusDetailsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetList;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetSpec;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.CustomResourceAware;
import io.fabric8.kubernetes.client.server.mock.Resetable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API STAND-IN's Eviction subresource: {@code POST /api/v1/namespaces/{ns}/pods/{name}/eviction}
 * (policy/v1 or v1beta1 Eviction body) answered as kube-apiserver's eviction handler answers it, over the
 * objects the wrapped fabric8 dispatcher stores; every other request goes to that dispatcher unchanged (on
 * its own, the CRUD mock takes the POST for the create of a Pod and answers 409).
 *
 * <ul>
 * <li>no such pod: 404 NotFound;</li>
 * <li>a pod that is Pending, Succeeded, Failed or already being deleted goes without a budget check;</li>
 * <li>more than one policy/v1 PodDisruptionBudget of the namespace selecting the pod: 500;</li>
 * <li>one: the disruption controller's arithmetic, made afresh from the stored pods at each eviction:
 *     expected pods (minAvailable as a number: the selected pods; a percentage or maxUnavailable: the summed
 *     {@code spec.replicas} of the pods' controllers, ReplicaSet (its Deployment's when it has one),
 *     StatefulSet or ReplicationController, a pod without one counting nothing), desired healthy
 *     (percentages rounded up), current healthy (Running, Ready=True, not being deleted); none allowed
 *     gives 429 TooManyRequests with a DisruptionBudget cause. A pod that is not healthy may go when the
 *     budget's unhealthyPodEvictionPolicy is AlwaysAllow, or (IfHealthyBudget, the default) when the
 *     budget is met;</li>
 * <li>otherwise the pod is deleted and the answer is 201 with a Success Status. DeleteOptions: dryRun All
 *     (there or in the query) checks without deleting, preconditions (uid, resourceVersion) answer 409 when
 *     they do not hold, gracePeriodSeconds is accepted.</li>
 * </ul>
 *
 * <p>Pod lists with the field selector {@code spec.nodeName=<node>} (kubectl drain's, {@code upgrade.NodeDrain}'s)
 * are answered with that node's pods: the CRUD mock matches field selectors against names and labels only, so
 * it answers them with no pods at all.
 *
 * <p>Not done: the budget's status is neither read nor written (no disruptedPods, observedGeneration or
 * DisruptionAllowed condition), so an eviction is judged by the pods as they are at that moment, one at a time; a
 * deleted pod goes at once (no graceful termination, no DisruptionTarget condition) and nothing re-creates it;
 * a controller reached through the scale subresource only (custom resources) is not found, which refuses the
 * eviction as a budget still being processed.
 */
public final class EvictionDispatcher extends Dispatcher implements Resetable, CustomResourceAware {

    static final String REFUSED = "Cannot evict pod as it would violate the pod's disruption budget.";
    static final String MORE_THAN_ONE_BUDGET =
            "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.";
    static final String ALWAYS_ALLOW = "AlwaysAllow";

    private static final Pattern EVICTION =
            Pattern.compile("/api/v1/namespaces/([^/?]+)/pods/([^/?]+)/eviction(?:\\?(.*))?");
    private static final Pattern POD_LIST = Pattern.compile("(/api/v1(?:/namespaces/[^/?]+)?/pods)\\?(.*)");
    private static final String NODE_NAME = "spec.nodeName=";
    private static final KubernetesSerialization JSON = KubeSerialization.SHARED;

    private final Dispatcher store;

    /** @param store the mock's own dispatcher (CRUD or mixed), which keeps the objects and answers the rest */
    public EvictionDispatcher(Dispatcher store) {
        this.store = store;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Matcher eviction = EVICTION.matcher(request.getPath());
        if (request.method() == HttpMethod.POST && eviction.matches()) {
            return evict(eviction.group(1), eviction.group(2), eviction.group(3), request.getUtf8Body());
        }
        Matcher podList = POD_LIST.matcher(request.getPath());
        if (request.method() == HttpMethod.GET && podList.matches()) {
            return podsOfNode(podList.group(1), podList.group(2)).orElseGet(() -> store.dispatch(request));
        }
        return store.dispatch(request);
    }

    /** The list without the {@code spec.nodeName} term, filtered here; empty for any other list or a watch. */
    private Optional<MockResponse> podsOfNode(String path, String query) {
        List<String> params = new ArrayList<>(Arrays.asList(query.split("&")));
        Optional<String> selector = params.stream().filter(p -> p.startsWith("fieldSelector=")).findFirst();
        if (selector.isEmpty() || params.contains("watch=true")) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>(Arrays.asList(URLDecoder.decode(
                selector.get().substring("fieldSelector=".length()), StandardCharsets.UTF_8).split(",")));
        Optional<String> node = terms.stream().filter(t -> t.startsWith(NODE_NAME)).findFirst();
        if (node.isEmpty()) {
            return Optional.empty();
        }
        terms.remove(node.get());
        params.remove(selector.get());
        if (!terms.isEmpty()) {
            params.add("fieldSelector=" + URLEncoder.encode(String.join(",", terms), StandardCharsets.UTF_8));
        }
        String nodeName = node.get().substring(NODE_NAME.length());
        MockResponse all = store.dispatch(request(HttpMethod.GET, path + "?" + String.join("&", params)));
        if (all == null || all.code() != 200) {
            return Optional.ofNullable(all);
        }
        PodList pods = JSON.unmarshal(all.getBody().readUtf8(), PodList.class);
        pods.setItems(pods.getItems().stream()
                .filter(p -> p.getSpec() != null && nodeName.equals(p.getSpec().getNodeName())).toList());
        return Optional.of(answer(200, pods));
    }

    /** One eviction at a time, as the budget is made from the pods each eviction finds. */
    private synchronized MockResponse evict(String namespace, String name, String query, String body) {
        Eviction eviction;
        try {
            eviction = body == null || body.isBlank() ? null : JSON.unmarshal(body, Eviction.class);
        } catch (RuntimeException notJson) {
            eviction = null;
        }
        if (eviction == null || !"Eviction".equals(eviction.getKind())) {
            return failure(400, "BadRequest", "not a Eviction object", null);
        }
        if (eviction.getMetadata() == null || !name.equals(eviction.getMetadata().getName())) {
            return failure(400, "BadRequest", "name in URL does not match name in Eviction object", null);
        }
        DeleteOptions options = Optional.ofNullable(eviction.getDeleteOptions()).orElseGet(DeleteOptions::new);
        boolean dryRun = (query != null && Arrays.asList(query.split("&")).contains("dryRun=All"))
                || (options.getDryRun() != null && options.getDryRun().contains("All"));

        Pod pod = read(Path.PODS.of(namespace, name), Pod.class);
        if (pod == null) {
            return failure(404, "NotFound", "pods \"" + name + "\" not found", podDetails(name).build());
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ((phase != null && List.of("Pending", "Succeeded", "Failed").contains(phase))
                || pod.getMetadata().getDeletionTimestamp() != null) {
            return delete(pod, options, dryRun);
        }
        List<PodDisruptionBudget> budgets = list(Path.BUDGETS.of(namespace, ""), PodDisruptionBudgetList.class)
                .map(PodDisruptionBudgetList::getItems).orElse(List.of()).stream()
                .filter(pdb -> pdb.getSpec() != null && selects(pdb.getSpec().getSelector(), pod)).toList();
        if (budgets.size() > 1) {
            return failure(500, null, MORE_THAN_ONE_BUDGET, null);
        }
        if (budgets.isEmpty()) {
            return delete(pod, options, dryRun);
        }
        PodDisruptionBudget pdb = budgets.get(0);
        String pdbName = pdb.getMetadata().getName();
        List<Pod> selected = list(Path.PODS.of(namespace, ""), PodList.class).map(PodList::getItems).orElse(List.of())
                .stream().filter(p -> selects(pdb.getSpec().getSelector(), p)).toList();
        Optional<Budget> budget = budget(pdb.getSpec(), namespace, selected);
        if (budget.isEmpty()) {
            return tooManyRequests(10, "The disruption budget " + pdbName + " is still being processed by the server.");
        }
        Budget b = budget.get();
        if (!healthy(pod) && (ALWAYS_ALLOW.equals(pdb.getSpec().getUnhealthyPodEvictionPolicy())
                || (b.currentHealthy() >= b.desiredHealthy() && b.desiredHealthy() > 0))) {
            return delete(pod, options, dryRun);
        }
        if (b.disruptionsAllowed() == 0) {
            return tooManyRequests(0, "The disruption budget " + pdbName + " needs " + b.desiredHealthy()
                    + " healthy pods and has " + b.currentHealthy() + " currently");
        }
        return delete(pod, options, dryRun);
    }

    /** A budget as the disruption controller would write it into the PodDisruptionBudget's status. */
    record Budget(int expectedPods, int desiredHealthy, int currentHealthy) {
        int disruptionsAllowed() {
            return expectedPods <= 0 ? 0 : Math.max(0, currentHealthy - desiredHealthy);
        }
    }

    /** Empty where the controller could not make one (a percentage it cannot read, a controller not found). */
    private Optional<Budget> budget(PodDisruptionBudgetSpec spec, String namespace, List<Pod> selected) {
        int current = (int) selected.stream().filter(EvictionDispatcher::healthy).count();
        IntOrString max = spec.getMaxUnavailable();
        IntOrString min = spec.getMinAvailable();
        if (max == null && min != null && min.getIntVal() != null) {
            return Optional.of(new Budget(selected.size(), min.getIntVal(), current));
        }
        if (max == null && min == null) {
            return Optional.of(new Budget(0, 0, current));
        }
        OptionalInt expected = expectedScale(namespace, selected);
        if (expected.isEmpty()) {
            return Optional.empty();
        }
        int count = expected.getAsInt();
        OptionalInt scaled = roundedUp(max != null ? max : min, count);
        if (scaled.isEmpty()) {
            return Optional.empty();
        }
        int desired = max != null ? Math.max(0, count - scaled.getAsInt()) : scaled.getAsInt();
        return Optional.of(new Budget(count, desired, current));
    }

    /** A number as it is, a percentage of {@code total} rounded up; empty for any other string. */
    static OptionalInt roundedUp(IntOrString value, int total) {
        if (value.getIntVal() != null) {
            return OptionalInt.of(value.getIntVal());
        }
        String text = value.getStrVal();
        if (text == null || !text.matches("\\d+%")) {
            return OptionalInt.empty();
        }
        int percent = Integer.parseInt(text.substring(0, text.length() - 1));
        return OptionalInt.of((int) Math.ceil(percent * (double) total / 100));
    }

    /** The summed scale of the pods' controllers, each counted once; empty when a controller is not found. */
    private OptionalInt expectedScale(String namespace, List<Pod> pods) {
        Map<String, Integer> scales = new HashMap<>();
        for (Pod pod : pods) {
            OwnerReference ref = controllerOf(pod.getMetadata());
            if (ref == null || scales.containsKey(ref.getKind() + "/" + ref.getName())) {
                continue;
            }
            Optional<Integer> replicas = scaleOf(namespace, ref);
            if (replicas.isEmpty()) {
                return OptionalInt.empty();
            }
            scales.put(ref.getKind() + "/" + ref.getName(), replicas.get());
        }
        return OptionalInt.of(scales.values().stream().mapToInt(Integer::intValue).sum());
    }

    private Optional<Integer> scaleOf(String namespace, OwnerReference ref) {
        String group = ref.getApiVersion() == null || !ref.getApiVersion().contains("/") ? ""
                : ref.getApiVersion().substring(0, ref.getApiVersion().indexOf('/'));
        switch (ref.getKind() + "@" + group) {
            case "ReplicationController@":
                return owner(ref, read(Path.REPLICATION_CONTROLLERS.of(namespace, ref.getName()), ReplicationController.class))
                        .map(rc -> replicas(rc.getSpec().getReplicas()));
            case "StatefulSet@apps":
                return owner(ref, read(Path.STATEFUL_SETS.of(namespace, ref.getName()), StatefulSet.class))
                        .map(ss -> replicas(ss.getSpec().getReplicas()));
            case "ReplicaSet@apps", "ReplicaSet@extensions":
                Optional<ReplicaSet> rs = owner(ref, read(Path.REPLICA_SETS.of(namespace, ref.getName()), ReplicaSet.class));
                OwnerReference up = rs.map(r -> controllerOf(r.getMetadata())).orElse(null);
                Optional<Deployment> deployment = up == null || !"Deployment".equals(up.getKind()) ? Optional.empty()
                        : owner(up, read(Path.DEPLOYMENTS.of(namespace, up.getName()), Deployment.class));
                return deployment.isPresent() ? deployment.map(d -> replicas(d.getSpec().getReplicas()))
                        : rs.map(r -> replicas(r.getSpec().getReplicas()));
            default:
                return Optional.empty();
        }
    }

    /** spec.replicas, defaulted as the API server defaults it. */
    private static int replicas(Integer replicas) {
        return Objects.requireNonNullElse(replicas, 1);
    }

    /** The object a reference names, when it is the one it names (same uid, where both have one). */
    private static <T extends HasMetadata> Optional<T> owner(OwnerReference ref, T found) {
        if (found == null || (ref.getUid() != null && found.getMetadata().getUid() != null
                && !ref.getUid().equals(found.getMetadata().getUid()))) {
            return Optional.empty();
        }
        return Optional.of(found);
    }

    private static OwnerReference controllerOf(ObjectMeta meta) {
        return meta.getOwnerReferences() == null ? null : meta.getOwnerReferences().stream()
                .filter(ref -> Boolean.TRUE.equals(ref.getController())).findFirst().orElse(null);
    }

    /** Counted as healthy by the disruption controller: Running, Ready=True, not being deleted. */
    static boolean healthy(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && "Running".equals(pod.getStatus().getPhase()) && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** A label selector as the API server reads it; a missing or empty one selects nothing. */
    static boolean selects(LabelSelector selector, Pod pod) {
        Map<String, String> labels = Optional.ofNullable(pod.getMetadata().getLabels()).orElse(Map.of());
        Map<String, String> matchLabels = selector == null || selector.getMatchLabels() == null ? Map.of()
                : selector.getMatchLabels();
        List<LabelSelectorRequirement> expressions = selector == null || selector.getMatchExpressions() == null
                ? List.of() : selector.getMatchExpressions();
        if (matchLabels.isEmpty() && expressions.isEmpty()) {
            return false;
        }
        return matchLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))
                && expressions.stream().allMatch(r -> holds(r, labels));
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.getKey());
        List<String> values = Optional.ofNullable(requirement.getValues()).orElse(List.of());
        return switch (String.valueOf(requirement.getOperator())) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false; // an invalid selector matches no pod
        };
    }

    private MockResponse delete(Pod pod, DeleteOptions options, boolean dryRun) {
        ObjectMeta meta = pod.getMetadata();
        Preconditions pre = options.getPreconditions();
        if (pre != null && pre.getUid() != null && !pre.getUid().equals(meta.getUid())) {
            return preconditionFailed(meta.getName(), "UID", pre.getUid(), meta.getUid());
        }
        if (pre != null && pre.getResourceVersion() != null && !pre.getResourceVersion().equals(meta.getResourceVersion())) {
            return preconditionFailed(meta.getName(), "ResourceVersion", pre.getResourceVersion(), meta.getResourceVersion());
        }
        if (!dryRun) {
            MockResponse deleted = store.dispatch(request(HttpMethod.DELETE, Path.PODS.of(meta.getNamespace(), meta.getName())));
            if (deleted == null || deleted.code() / 100 != 2) {
                return failure(404, "NotFound", "pods \"" + meta.getName() + "\" not found", podDetails(meta.getName()).build());
            }
        }
        return answer(201, new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Success").withCode(201).build());
    }

    private static MockResponse preconditionFailed(String name, String field, String wanted, String found) {
        return failure(409, "Conflict", "Operation cannot be fulfilled on pods \"" + name + "\": Precondition failed: "
                + field + " in precondition: " + wanted + ", " + field + " in object meta: " + found,
                podDetails(name).build());
    }

    private static MockResponse tooManyRequests(int retryAfterSeconds, String cause) {
        StatusDetails details = new StatusDetailsBuilder()
                .withCauses(new StatusCause(null, cause, "DisruptionBudget"))
                .withRetryAfterSeconds(retryAfterSeconds == 0 ? null : retryAfterSeconds).build();
        MockResponse response = failure(429, "TooManyRequests", REFUSED, details);
        return retryAfterSeconds == 0 ? response : response.setHeader("Retry-After", retryAfterSeconds);
    }

    private static StatusDetailsBuilder podDetails(String name) {
        return new StatusDetailsBuilder().withName(name).withKind("pods");
    }

    private static MockResponse failure(int code, String reason, String message, StatusDetails details) {
        return answer(code, new StatusBuilder().withApiVersion("v1").withKind("Status").withNewMetadata().endMetadata()
                .withStatus("Failure").withMessage(message).withReason(reason).withDetails(details).withCode(code).build());
    }

    private static MockResponse answer(int code, Object body) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(JSON.asJson(body));
    }

    /** The stored object at {@code path}, or null. */
    private <T> T read(String path, Class<T> type) {
        MockResponse response = store.dispatch(request(HttpMethod.GET, path));
        return response == null || response.code() != 200 ? null
                : JSON.unmarshal(response.getBody().readUtf8(), type);
    }

    private <T> Optional<T> list(String path, Class<T> type) {
        return Optional.ofNullable(read(path, type));
    }

    private static RecordedRequest request(HttpMethod method, String path) {
        return new RecordedRequest("HTTP/1.1", method, path, Headers.builder().build(), new Buffer());
    }

    /** Where the stand-in keeps what an eviction reads. */
    private enum Path {
        PODS("/api/v1", "pods"),
        REPLICATION_CONTROLLERS("/api/v1", "replicationcontrollers"),
        REPLICA_SETS("/apis/apps/v1", "replicasets"),
        DEPLOYMENTS("/apis/apps/v1", "deployments"),
        STATEFUL_SETS("/apis/apps/v1", "statefulsets"),
        BUDGETS("/apis/policy/v1", "poddisruptionbudgets");

        private final String prefix;
        private final String plural;

        Path(String prefix, String plural) {
            this.prefix = prefix;
            this.plural = plural;
        }

        /** One object's path, or the namespace's collection for an empty name. */
        String of(String namespace, String name) {
            return prefix + "/namespaces/" + namespace + "/" + plural + (name.isEmpty() ? "" : "/" + name);
        }
    }

    @Override
    public void reset() {
        if (store instanceof Resetable resetable) {
            resetable.reset();
        }
    }

    @Override
    public void expectCustomResource(CustomResourceDefinitionContext context) {
        if (store instanceof CustomResourceAware aware) {
            aware.expectCustomResource(context);
        }
    }

    @Override
    public void shutdown() {
        store.shutdown();
    }

    @Override
    public void releaseResources() {
        store.releaseResources();
    }
}
