package dev.bootstrap.apiserver;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.function.Supplier;

/**
 * kubeadm's first API step: the kubeadm:cluster-admins ClusterRoleBinding that gives admin.conf's
 * group its rights. admin.conf cannot create it while it does not exist yet (403), so then, as
 * kubeadm does, super-admin.conf (group system:masters, which needs no RBAC) creates it. On a
 * second run admin.conf is allowed and super-admin.conf is never read.
 */
public final class ClusterAdmins {

    private ClusterAdmins() {
    }

    /**
     * @param superAdmin opens a client from super-admin.conf; called only when admin.conf is forbidden,
     *                   and the client is closed here
     */
    public static List<ObjectApplier.Applied> ensure(KubernetesClient admin, Supplier<KubernetesClient> superAdmin) {
        try {
            return List.of(new ObjectApplier(admin).apply(KubeadmRbac.clusterAdmins()));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
        }
        try (KubernetesClient privileged = superAdmin.get()) {
            ObjectApplier.Applied done = new ObjectApplier(privileged).apply(KubeadmRbac.clusterAdmins());
            return List.of(new ObjectApplier.Applied(done.changed(),
                    done.line() + " (with super-admin.conf: admin.conf was forbidden)"));
        }
    }
}
