package dev.bootstrap.apiserver;

import dev.bootstrap.discovery.ClusterInfo;
import dev.bootstrap.token.TokenSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The bootstrap-token phase (cmd/kubeadm/app/cmd/phases/init/bootstraptoken.go): the token Secrets, the RBAC that
 * lets bootstrap tokens join nodes (CSR creation, auto-approval, rotation, get-nodes), cluster-info signed for every
 * signing token, and the Role that lets anonymous joiners read cluster-info.
 */
public final class BootstrapTokens {

    private final KubernetesClient client;

    public BootstrapTokens(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @param clusterInfoKubeconfig {@link ClusterInfo#kubeconfig} of admin.conf's server and CA
     * @param kubeletApiAdminBinding the release binds apiserver-kubelet-client's user to system:kubelet-api-admin
     *                               (its certificate has no Organization; kubeadm's AllowAPIServerToAccessKubeletAPI)
     */
    public List<ObjectApplier.Applied> run(List<TokenSpec> tokens, String clusterInfoKubeconfig, Instant now,
                                           boolean kubeletApiAdminBinding) {
        TokenStore store = new TokenStore(client);
        List<ObjectApplier.Applied> done = new ArrayList<>();
        tokens.forEach(t -> done.add(store.create(t, now)));
        done.addAll(nodeBootstrapRbac(kubeletApiAdminBinding));
        done.addAll(ClusterInfoPublisher.publish(client, clusterInfoKubeconfig, store.signingTokens(now)));
        done.addAll(new ObjectApplier(client).applyAll(KubeadmRbac.clusterInfoReaders()));
        return done;
    }

    /**
     * The RBAC of kubeadm's bootstrap-token phase alone (what upgrade apply re-applies): bootstrap tokens may get
     * nodes and post CSRs that are approved automatically, and anyone may read cluster-info.
     */
    public List<ObjectApplier.Applied> rbac(boolean kubeletApiAdminBinding) {
        List<ObjectApplier.Applied> done = nodeBootstrapRbac(kubeletApiAdminBinding);
        done.addAll(new ObjectApplier(client).applyAll(KubeadmRbac.clusterInfoReaders()));
        return done;
    }

    private List<ObjectApplier.Applied> nodeBootstrapRbac(boolean kubeletApiAdminBinding) {
        ObjectApplier applier = new ObjectApplier(client);
        List<ObjectApplier.Applied> done = new ArrayList<>(applier.applyAll(KubeadmRbac.nodeBootstrap()));
        if (kubeletApiAdminBinding) {
            done.add(applier.apply(KubeadmRbac.apiServerKubeletClient()));
        }
        return done;
    }
}
