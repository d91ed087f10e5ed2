package dev.bootstrap.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The addon phase: applies the CoreDNS and kube-proxy objects ({@code manifests.Addons}). A CoreDNS
 * Deployment someone scaled keeps its replica count; the kube-proxy ConfigMap carries kubeadm's
 * component-config hash so kubeadm upgrade sees it as generated, not user-edited.
 * <p>
 * Each object is a round trip or two to the API server, so they are applied at once, in two waves: what
 * the workloads use (accounts, RBAC, config maps, services), then the workloads, whose pods would
 * otherwise be refused for a service account not there yet.
 */
public final class AddonInstaller {

    public static final String COREDNS = "coredns";

    private final ObjectApplier applier;

    public AddonInstaller(KubernetesClient client) {
        this.applier = new ObjectApplier(client);
    }

    /**
     * @param coreDns   {@code Addons.coreDns()}, or empty when CoreDNS is not installed
     * @param kubeProxy {@code Addons.kubeProxy()}, or empty when kube-proxy is not installed
     * @return what was applied, in the order of the lists (CoreDNS first)
     */
    public List<ObjectApplier.Applied> install(List<HasMetadata> coreDns, List<HasMetadata> kubeProxy) {
        List<Supplier<ObjectApplier.Applied>> steps = new ArrayList<>();
        List<Boolean> workload = new ArrayList<>();
        for (HasMetadata o : coreDns) {
            steps.add(o instanceof Deployment d && COREDNS.equals(d.getMetadata().getName())
                    ? () -> applier.apply(d, AddonInstaller::keepReplicas) : () -> applier.apply(o));
            workload.add(isWorkload(o));
        }
        for (HasMetadata o : kubeProxy) {
            HasMetadata signed = o instanceof ConfigMap cm ? ComponentConfigHash.sign(cm) : o;
            steps.add(() -> applier.apply(signed));
            workload.add(isWorkload(o));
        }
        List<CompletableFuture<ObjectApplier.Applied>> results = new ArrayList<>(Collections.nCopies(steps.size(), null));
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, steps.size()), r -> {
            Thread t = new Thread(r, "addon-apply");
            t.setDaemon(true);
            return t;
        });
        try {
            for (boolean workloads : new boolean[] {false, true}) {
                for (int i = 0; i < steps.size(); i++) {
                    if (workload.get(i) == workloads) {
                        results.set(i, CompletableFuture.supplyAsync(steps.get(i), pool));
                    }
                }
                for (int i = 0; i < steps.size(); i++) {
                    if (workload.get(i) == workloads) {
                        await(results.get(i));
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results.stream().map(CompletableFuture::join).toList();
    }

    private static boolean isWorkload(HasMetadata o) {
        return o instanceof Deployment || o instanceof DaemonSet;
    }

    /** The step's own exception, as a sequential run would have thrown it (the wave stops the phase). */
    private static void await(CompletableFuture<ObjectApplier.Applied> step) {
        try {
            step.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static Deployment keepReplicas(Deployment existing, Deployment wanted) {
        if (existing.getSpec() != null && existing.getSpec().getReplicas() != null) {
            wanted.getSpec().setReplicas(existing.getSpec().getReplicas());
        }
        return wanted;
    }
}
