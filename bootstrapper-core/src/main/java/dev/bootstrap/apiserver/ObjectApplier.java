package dev.bootstrap.apiserver;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Status;
import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Creates or updates API objects so that a second run changes nothing. The object we want is
 * hashed into an annotation; an existing object with the same hash is left alone, one with another
 * hash (or none: made by someone else) is replaced by ours. Hashing what we send, not comparing
 * with what the server returns, keeps this stable against server-side defaulting.
 */
public final class ObjectApplier {

    public static final String HASH_ANNOTATION = "bootstrap.dev/applied-hash";

    private final KubernetesClient client;
    private final KubernetesSerialization serialization = KubeSerialization.SHARED;

    public ObjectApplier(KubernetesClient client) {
        this.client = client;
    }

    /** What apply did, as a line for the report: "created ConfigMap kube-system/coredns". */
    public record Applied(boolean changed, String line) {

        /** Whether any step of a list changed something. */
        public static boolean anyChanged(List<Applied> applied) {
            return applied.stream().anyMatch(Applied::changed);
        }

        /** A phase's outcome from what it applied: changed when any step was, one line per step and then {@code more}. */
        public static Outcome outcome(List<Applied> applied, String... more) {
            List<String> lines = new java.util.ArrayList<>(applied.stream().map(Applied::line).toList());
            lines.addAll(List.of(more));
            return new Outcome(anyChanged(applied) ? Status.CHANGED : Status.UNCHANGED, lines);
        }
    }

    /** Applies each object in order. */
    public List<Applied> applyAll(List<? extends HasMetadata> objects) {
        return objects.stream().map(this::apply).toList();
    }

    public Applied apply(HasMetadata desired) {
        return apply(desired, (existing, wanted) -> wanted);
    }

    /**
     * Like {@link #apply(HasMetadata)}, but on update {@code keep} may carry live fields of the
     * existing object over (a Deployment's replica count someone scaled); the hash covers only what
     * we want, so a kept field never counts as a change.
     */
    public <T extends HasMetadata> Applied apply(T desired, BiFunction<T, T, T> keep) {
        @SuppressWarnings("unchecked")
        T wanted = (T) withHash(desired);
        String hash = wanted.getMetadata().getAnnotations().get(HASH_ANNOTATION);
        T existing = client.resource(wanted).get();
        String what = describe(wanted);
        if (existing == null) {
            client.resource(wanted).create();
            return new Applied(true, "created " + what);
        }
        if (carries(existing, hash)) {
            return new Applied(false, "unchanged " + what);
        }
        T update = keep.apply(existing, wanted);
        update.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
        client.resource(update).update();
        return new Applied(true, "updated " + what);
    }

    /**
     * What {@link #apply(HasMetadata)} would do, found by reading only: "create ..." or "update ...", or empty when
     * the object is there as applied.
     */
    public Optional<String> pending(HasMetadata desired) {
        HasMetadata wanted = withHash(desired);
        HasMetadata existing = client.resource(wanted).get();
        if (existing == null) {
            return Optional.of("create " + describe(wanted));
        }
        return carries(existing, wanted.getMetadata().getAnnotations().get(HASH_ANNOTATION)) ? Optional.empty()
                : Optional.of("update " + describe(wanted));
    }

    /** Whether an existing object is the one applied with {@code hash}. */
    private static boolean carries(HasMetadata existing, String hash) {
        Map<String, String> annotations = existing.getMetadata().getAnnotations();
        return annotations != null && hash.equals(annotations.get(HASH_ANNOTATION));
    }

    /** Creates the object only when absent; an existing one is kept as it is (kubeadm's CreateOrRetain). */
    public Applied createIfAbsent(HasMetadata desired) {
        String what = describe(desired);
        if (client.resource(desired).get() != null) {
            return new Applied(false, "unchanged " + what);
        }
        client.resource(desired).create();
        return new Applied(true, "created " + what);
    }

    public static String describe(HasMetadata o) {
        String ns = o.getMetadata().getNamespace();
        return o.getKind() + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
    }

    private HasMetadata withHash(HasMetadata desired) {
        HasMetadata copy = serialization.clone(desired);
        Map<String, String> annotations = copy.getMetadata().getAnnotations() == null
                ? new HashMap<>() : new HashMap<>(copy.getMetadata().getAnnotations());
        annotations.remove(HASH_ANNOTATION);
        copy.getMetadata().setAnnotations(annotations.isEmpty() ? null : annotations);
        String hash = sha256(serialization.asJson(copy));
        annotations.put(HASH_ANNOTATION, hash);
        copy.getMetadata().setAnnotations(annotations);
        return copy;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
