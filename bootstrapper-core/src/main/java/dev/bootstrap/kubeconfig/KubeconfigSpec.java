package dev.bootstrap.kubeconfig;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.pki.NodeLayout;
import java.util.List;

/**
 * One of the kubeconfig files kubeadm writes on init, at its {@link NodeLayout} path
 * (cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go, getKubeConfigSpecsBase): the client
 * identity and whether it talks to this node's API server or to the control-plane endpoint.
 */
public record KubeconfigSpec(String path, String clientName, List<String> organizations, boolean local) {

    public static final int MODE = 0600;

    /** The server URL this file uses for {@code config}. */
    public String server(KubeadmConfig config) {
        return local ? config.localApiUrl() : config.controlPlaneUrl();
    }

    /** The five files of init, in kubeadm's order. kubelet.conf is local when ControlPlaneKubeletLocalMode is on. */
    public static List<KubeconfigSpec> forInit(KubeadmConfig config) {
        return List.of(
                new KubeconfigSpec(NodeLayout.ADMIN_CONF, "kubernetes-admin", List.of("kubeadm:cluster-admins"), false),
                new KubeconfigSpec(NodeLayout.SUPER_ADMIN_CONF, "kubernetes-super-admin", List.of("system:masters"),
                        false),
                new KubeconfigSpec(NodeLayout.CONTROLLER_MANAGER_CONF, "system:kube-controller-manager", List.of(),
                        true),
                new KubeconfigSpec(NodeLayout.SCHEDULER_CONF, "system:kube-scheduler", List.of(), true),
                new KubeconfigSpec(NodeLayout.KUBELET_CONF, "system:node:" + config.nodeName(), List.of("system:nodes"),
                        config.featureEnabled(VersionTable.CONTROL_PLANE_KUBELET_LOCAL_MODE)));
    }

    /** What kubeadm join --control-plane makes: admin, controller-manager and scheduler (no super-admin; kubelet.conf comes from the TLS bootstrap). */
    public static List<KubeconfigSpec> forControlPlaneJoin(KubeadmConfig config) {
        return forInit(config).stream().filter(s -> List.of(NodeLayout.ADMIN_CONF, NodeLayout.CONTROLLER_MANAGER_CONF,
                NodeLayout.SCHEDULER_CONF).contains(s.path())).toList();
    }
}
