package dev.bootstrap.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;

/**
 * The addon phase: applies the CoreDNS and kube-proxy objects ({@code manifests.Addons}). A CoreDNS
 * Deployment someone scaled keeps its replica count; the kube-proxy ConfigMap carries kubeadm's
 * component-config hash so kubeadm upgrade sees it as generated, not user-edited.
 */
public final class AddonInstaller {

    public static final String COREDNS = "coredns";

    private final ObjectApplier applier;

    public AddonInstaller(KubernetesClient client) {
        this.applier = new ObjectApplier(client);
    }

    /** @param objects {@code Addons.coreDns()} */
    public List<ObjectApplier.Applied> coreDns(List<HasMetadata> objects) {
        return objects.stream().map(o -> o instanceof Deployment d && COREDNS.equals(d.getMetadata().getName())
                ? applier.apply(d, AddonInstaller::keepReplicas) : applier.apply(o)).toList();
    }

    /** @param objects {@code Addons.kubeProxy()} */
    public List<ObjectApplier.Applied> kubeProxy(List<HasMetadata> objects) {
        return objects.stream().map(o -> applier.apply(o instanceof ConfigMap cm ? ComponentConfigHash.sign(cm) : o))
                .toList();
    }

    private static Deployment keepReplicas(Deployment existing, Deployment wanted) {
        if (existing.getSpec() != null && existing.getSpec().getReplicas() != null) {
            wanted.getSpec().setReplicas(existing.getSpec().getReplicas());
        }
        return wanted;
    }
}
