package dev.bootstrap.upgrade;

import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Cordon, drain and uncordon a Node for its upgrade as {@code kubectl drain} does (k8s.io/kubectl/pkg/drain): the
 * pods {@link DrainFilters} lets go are evicted through the Eviction API, so that PodDisruptionBudgets hold, and
 * awaited until gone. Bootstrap's cordon carries {@link #CORDONED_ANNOTATION}, so that a later run (after this one
 * was killed) finds the nodes it must uncordon ({@link #cordonedByUs()}); a node the user had cordoned stays theirs.
 */
public final class NodeDrain {

    /** Set with the cordon, value: when (RFC 3339). */
    public static final String CORDONED_ANNOTATION = "bootstrap.dev/cordoned-for-upgrade";
    private static final int CONFLICT_ATTEMPTS = 3;
    /** kubectl's wait for deletion polls every second. */
    private static final Duration DELETION_POLL = Duration.ofSeconds(1);

    private final KubernetesClient client;

    public NodeDrain(KubernetesClient client) {
        this.client = Objects.requireNonNull(client);
    }

    /**
     * @param timeout the whole drain: evictions and the wait for the pods to go (kubectl's {@code --timeout})
     * @param gracePeriod each pod's termination grace period; empty: the pod's own
     * @param deleteEmptyDirData evict pods with emptyDir volumes too, whose data is lost
     * @param pollInterval between attempts at evictions a budget refused (kubectl: 5 s)
     */
    public record Options(Duration timeout, Optional<Duration> gracePeriod, boolean deleteEmptyDirData,
            Duration pollInterval) {

        public static final Options DEFAULTS =
                new Options(Duration.ofSeconds(300), Optional.empty(), false, Duration.ofSeconds(5));

        public Options {
            if (timeout.isNegative() || timeout.isZero() || pollInterval.isNegative() || pollInterval.isZero()
                    || gracePeriod.filter(Duration::isNegative).isPresent()) {
                throw new IllegalArgumentException("drain options: timeout and poll interval must be positive, the grace"
                        + " period not negative: " + timeout + ", " + pollInterval + ", " + gracePeriod);
            }
        }

        public Options withTimeout(Duration value) {
            return new Options(value, gracePeriod, deleteEmptyDirData, pollInterval);
        }

        public Options withGracePeriod(Duration value) {
            return new Options(timeout, Optional.of(value), deleteEmptyDirData, pollInterval);
        }

        public Options withDeleteEmptyDirData(boolean value) {
            return new Options(timeout, gracePeriod, value, pollInterval);
        }

        public Options withPollInterval(Duration value) {
            return new Options(timeout, gracePeriod, deleteEmptyDirData, value);
        }
    }

    /** A pod left alone, {@code namespace/name}, and why ("DaemonSet-managed", "mirror Pod", "gone"). */
    public record Skipped(String pod, String reason) {
    }

    /** What a drain did, pods as {@code namespace/name}, in that order. */
    public record Result(List<String> evicted, List<Skipped> skipped, Duration took) {
    }

    /**
     * Marks the node unschedulable with {@link #CORDONED_ANNOTATION}, unless the user cordoned it already.
     *
     * @return true when the node is cordoned by bootstrap (now or by an earlier run), false when it is the user's
     */
    public boolean cordon(String node) {
        for (int attempt = 1; ; attempt++) {
            Node current = node(node);
            boolean unschedulable = Boolean.TRUE.equals(current.getSpec().getUnschedulable());
            if (unschedulable) {
                return ours(current);
            }
            // the resourceVersion makes the patch conditional: a cordon by the user meanwhile stays theirs
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("resourceVersion", current.getMetadata().getResourceVersion());
            metadata.put("annotations",
                    Map.of(CORDONED_ANNOTATION, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
            String patch = KubeSerialization.SHARED.asJson(
                    Map.of("metadata", metadata, "spec", Map.of("unschedulable", true)));
            try {
                client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == CONFLICT_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Makes the node schedulable again and removes the annotation, if bootstrap cordoned it.
     *
     * @return false when bootstrap had not cordoned it (a user's cordon stays)
     */
    public boolean uncordon(String node) {
        if (!ours(node(node))) {
            return false;
        }
        // a JSON Patch's remove names the one annotation; it fails if the annotation went meanwhile
        String patch = KubeSerialization.SHARED.asJson(List.of(
                Map.of("op", "remove", "path", "/metadata/annotations/" + CORDONED_ANNOTATION.replace("/", "~1")),
                Map.of("op", "add", "path", "/spec/unschedulable", "value", false)));
        try {
            client.nodes().withName(node).patch(PatchContext.of(PatchType.JSON), patch);
            return true;
        } catch (KubernetesClientException e) {
            if (ours(node(node))) {
                throw e;
            }
            return false; // another run uncordoned it
        }
    }

    /** The nodes bootstrap cordoned and has not uncordoned (a run that was killed leaves them), by name. */
    public List<String> cordonedByUs() {
        return client.nodes().list().getItems().stream().filter(NodeDrain::ours).map(n -> n.getMetadata().getName())
                .sorted().toList();
    }

    /**
     * Evicts the node's pods as kubectl drain does, within {@code options.timeout()}: first every refusal of
     * {@link DrainFilters} at once (then nothing is evicted), then evictions, those a PodDisruptionBudget refuses
     * retried every poll interval, then the wait until each evicted pod is gone or replaced (another UID). Does not
     * cordon nor uncordon: the caller cordons first and uncordons, also after a failure.
     *
     * <p>The time is checked before each eviction; one eviction may run past it by the client's own retries of a
     * 429 (about 3.5 s with {@code apiserver.ClientFactory}'s settings).
     *
     * @throws DrainException refused pods, a failed eviction, or the timeout, naming the pods still there and the
     *     budgets that hold them
     */
    public Result drain(String node, Options options) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + options.timeout().toNanos();
        List<Pod> pending = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Map<String, List<String>> refused = new TreeMap<>();
        for (Pod pod : podsOf(node)) {
            DrainFilters.Verdict verdict = DrainFilters.judge(pod, options.deleteEmptyDirData());
            if (verdict.refuses()) {
                refused.computeIfAbsent(verdict.message, k -> new ArrayList<>()).add(name(pod));
            } else if (verdict == DrainFilters.Verdict.EVICT) {
                pending.add(pod);
            } else {
                skipped.add(new Skipped(name(pod), verdict.message));
            }
        }
        if (!refused.isEmpty()) {
            throw new DrainException("node " + node + " cannot be drained, nothing was evicted: "
                    + refused.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                            .collect(Collectors.joining("; ")));
        }

        List<Pod> evicted = new ArrayList<>();
        while (true) {
            for (var it = pending.iterator(); it.hasNext() && System.nanoTime() < deadline; ) {
                Pod pod = it.next();
                switch (evict(node, pod, options)) {
                    case EVICTED -> {
                        it.remove();
                        evicted.add(pod);
                    }
                    case GONE -> {
                        it.remove();
                        skipped.add(new Skipped(name(pod), "gone"));
                    }
                    case REFUSED -> { }
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            if (!pause(options.pollInterval(), deadline)) {
                throw timeout(node, options, pending, evicted.stream().filter(p -> !gone(p)).toList());
            }
        }
        List<Pod> terminating = new ArrayList<>(evicted);
        while (true) {
            terminating.removeIf(this::gone);
            if (terminating.isEmpty()) {
                break;
            }
            if (!pause(DELETION_POLL.compareTo(options.pollInterval()) < 0 ? DELETION_POLL : options.pollInterval(),
                    deadline)) {
                throw timeout(node, options, List.of(), terminating);
            }
        }
        return new Result(evicted.stream().map(NodeDrain::name).toList(), List.copyOf(skipped),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** The node's pods in every namespace, by namespace/name. */
    private List<Pod> podsOf(String node) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems().stream()
                .sorted(Comparator.comparing(NodeDrain::name)).toList();
    }

    private enum EvictionAnswer { EVICTED, GONE, REFUSED }

    /** REFUSED: by a budget (429), to try again; GONE: before its eviction. */
    private EvictionAnswer evict(String node, Pod pod, Options options) {
        // the UID precondition keeps a same-named successor (a StatefulSet's) from being evicted instead
        Eviction eviction = new EvictionBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).endMetadata()
                .withDeleteOptions(new DeleteOptionsBuilder()
                        .withGracePeriodSeconds(options.gracePeriod().map(Duration::toSeconds).orElse(null))
                        .withNewPreconditions().withUid(pod.getMetadata().getUid()).endPreconditions().build())
                .build();
        try {
            return client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                    .evict(eviction) ? EvictionAnswer.EVICTED : EvictionAnswer.REFUSED;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404 || (e.getCode() == 409 && gone(pod))) {
                return EvictionAnswer.GONE;
            }
            throw new DrainException("node " + node + ": eviction of pod " + name(pod) + " failed: " + e.getMessage(), e);
        }
    }

    /** Deleted, or replaced by a pod of the same name (kubectl's waitForDelete). */
    private boolean gone(Pod pod) {
        Pod now = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
        return now == null || !Objects.equals(now.getMetadata().getUid(), pod.getMetadata().getUid());
    }

    /** Sleeps up to {@code interval}, not past the deadline; false when the deadline had passed. */
    private static boolean pause(Duration interval, long deadline) throws InterruptedException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return false;
        }
        TimeUnit.NANOSECONDS.sleep(Math.min(left, interval.toNanos()));
        return true;
    }

    private DrainException timeout(String node, Options options, List<Pod> refused, List<Pod> terminating) {
        Map<String, List<PodDisruptionBudget>> budgets = new HashMap<>();
        StringBuilder message = new StringBuilder("node " + node + " was not drained within "
                + options.timeout().toSeconds() + " s; still there:");
        for (Pod pod : refused) {
            List<String> holding = budgets.computeIfAbsent(pod.getMetadata().getNamespace(),
                            ns -> client.policy().v1().podDisruptionBudget().inNamespace(ns).list().getItems())
                    .stream().filter(pdb -> selects(pdb, pod)).map(NodeDrain::describe).toList();
            message.append("\n  ").append(name(pod)).append(": eviction refused, ").append(holding.isEmpty()
                    ? "no PodDisruptionBudget selects it" : "held by " + String.join(" and ", holding));
        }
        terminating.forEach(pod -> message.append("\n  ").append(name(pod)).append(": evicted, still terminating"));
        message.append(refused.isEmpty() ? "\nIf the pods need longer to stop, raise spec.upgrade.drainTimeout."
                : "\nScale the workloads up or relax their PodDisruptionBudgets, or raise spec.upgrade.drainTimeout.");
        return new DrainException(message.toString());
    }

    /** Asks the API server, whose reading of label selectors is the one that counts. */
    private boolean selects(PodDisruptionBudget pdb, Pod pod) {
        if (pdb.getSpec() == null || pdb.getSpec().getSelector() == null) {
            return false;
        }
        return client.pods().inNamespace(pod.getMetadata().getNamespace())
                .withLabelSelector(pdb.getSpec().getSelector()).list().getItems().stream()
                .anyMatch(p -> Objects.equals(p.getMetadata().getUid(), pod.getMetadata().getUid()));
    }

    /** "PodDisruptionBudget web-pdb (minAvailable 1; disruptionsAllowed 0, currentHealthy 1, desiredHealthy 1)". */
    private static String describe(PodDisruptionBudget pdb) {
        List<String> spec = new ArrayList<>();
        if (pdb.getSpec().getMinAvailable() != null) {
            spec.add("minAvailable " + value(pdb.getSpec().getMinAvailable()));
        }
        if (pdb.getSpec().getMaxUnavailable() != null) {
            spec.add("maxUnavailable " + value(pdb.getSpec().getMaxUnavailable()));
        }
        PodDisruptionBudgetStatus status = pdb.getStatus();
        String observed = status == null || status.getDisruptionsAllowed() == null ? ""
                : "; disruptionsAllowed " + status.getDisruptionsAllowed() + ", currentHealthy " + status.getCurrentHealthy()
                        + ", desiredHealthy " + status.getDesiredHealthy();
        return "PodDisruptionBudget " + pdb.getMetadata().getName() + " (" + String.join(", ", spec) + observed + ")";
    }

    private static String value(IntOrString value) {
        return value.getIntVal() != null ? value.getIntVal().toString() : value.getStrVal();
    }

    private Node node(String name) {
        Node node = client.nodes().withName(name).get();
        if (node == null) {
            throw new DrainException("no Node " + name + " in the cluster");
        }
        if (node.getSpec() == null) {
            node.setSpec(new NodeSpec());
        }
        return node;
    }

    private static boolean ours(Node node) {
        return node.getMetadata().getAnnotations() != null
                && node.getMetadata().getAnnotations().get(CORDONED_ANNOTATION) != null;
    }

    private static String name(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }
}
