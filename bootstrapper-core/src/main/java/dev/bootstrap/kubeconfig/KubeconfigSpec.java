package dev.bootstrap.kubeconfig;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import java.util.List;

/**
 * One of the kubeconfig files kubeadm writes in /etc/kubernetes on init
 * (cmd/kubeadm/app/phases/kubeconfig/kubeconfig.go, getKubeConfigSpecsBase): the client
 * identity and whether it talks to this node's API server or to the control-plane endpoint.
 */
public record KubeconfigSpec(String fileName, String clientName, List<String> organizations, boolean local) {

    public static final String DIR = "/etc/kubernetes";
    public static final int MODE = 0600;

    public String path() {
        return DIR + "/" + fileName;
    }

    /** The server URL this file uses for {@code config}. */
    public String server(KubeadmConfig config) {
        return local ? config.localApiUrl() : config.controlPlaneUrl();
    }

    /** The five files of init, in kubeadm's order. kubelet.conf is local when ControlPlaneKubeletLocalMode is on. */
    public static List<KubeconfigSpec> forInit(KubeadmConfig config) {
        return List.of(
                new KubeconfigSpec("admin.conf", "kubernetes-admin", List.of("kubeadm:cluster-admins"), false),
                new KubeconfigSpec("super-admin.conf", "kubernetes-super-admin", List.of("system:masters"), false),
                new KubeconfigSpec("controller-manager.conf", "system:kube-controller-manager", List.of(), true),
                new KubeconfigSpec("scheduler.conf", "system:kube-scheduler", List.of(), true),
                new KubeconfigSpec("kubelet.conf", "system:node:" + config.nodeName(), List.of("system:nodes"),
                        config.featureEnabled(VersionTable.CONTROL_PLANE_KUBELET_LOCAL_MODE)));
    }

    /** What kubeadm join --control-plane makes: admin, controller-manager and scheduler (no super-admin; kubelet.conf comes from the TLS bootstrap). */
    public static List<KubeconfigSpec> forControlPlaneJoin(KubeadmConfig config) {
        return forInit(config).stream().filter(s -> List.of("admin.conf", "controller-manager.conf", "scheduler.conf")
                .contains(s.fileName())).toList();
    }
}
