package dev.bootstrap.apiserver;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.fabric8.kubernetes.api.model.rbac.SubjectBuilder;
import java.util.ArrayList;
import java.util.List;

/** The RBAC objects kubeadm init creates (docs/kubeadm-compat.md#rbac-and-configmaps), built as fabric8 objects. */
public final class KubeadmRbac {

    public static final String NODE_BOOTSTRAP_GROUP = "system:bootstrappers:kubeadm:default-node-token";
    public static final String NODES_GROUP = "system:nodes";
    public static final String CLUSTER_ADMINS = "kubeadm:cluster-admins";
    public static final String APISERVER_KUBELET_CLIENT_BINDING = "kubeadm:apiserver-kubelet-client";
    static final String RBAC_GROUP = "rbac.authorization.k8s.io";

    private KubeadmRbac() {
    }

    /** kubeadm:cluster-admins: binds the admin.conf identity's group to cluster-admin. */
    public static HasMetadata clusterAdmins() {
        return clusterRoleBinding(CLUSTER_ADMINS, "cluster-admin", group(CLUSTER_ADMINS));
    }

    /**
     * What the bootstrap-token phase creates besides tokens and cluster-info
     * (cmd/kubeadm/app/phases/bootstraptoken/node/tlsbootstrap.go).
     */
    public static List<HasMetadata> nodeBootstrap() {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(clusterRoleBinding("kubeadm:kubelet-bootstrap", "system:node-bootstrapper",
                group(NODE_BOOTSTRAP_GROUP)));
        objects.add(clusterRoleBinding("kubeadm:node-autoapprove-bootstrap",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient", group(NODE_BOOTSTRAP_GROUP)));
        objects.add(clusterRoleBinding("kubeadm:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient", group(NODES_GROUP)));
        objects.add(new ClusterRoleBuilder().withNewMetadata().withName("kubeadm:get-nodes").endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("nodes").withVerbs("get").build())
                .build());
        objects.add(clusterRoleBinding("kubeadm:get-nodes", "kubeadm:get-nodes", group(NODE_BOOTSTRAP_GROUP)));
        return objects;
    }

    /**
     * kubeadm:apiserver-kubelet-client: gives the API server's kubelet client (CN kube-apiserver-kubelet-client,
     * no Organization from kubeadm 1.35.5 / 1.36.1 / 1.37) the kubelet API through system:kubelet-api-admin
     * (kubeadm's AllowAPIServerToAccessKubeletAPI, cmd/kubeadm/app/phases/bootstraptoken/clusterinfo; see
     * docs/kubeadm-compat.md).
     */
    public static HasMetadata apiServerKubeletClient() {
        return clusterRoleBinding(APISERVER_KUBELET_CLIENT_BINDING, "system:kubelet-api-admin",
                new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName("kube-apiserver-kubelet-client")
                        .build());
    }

    /**
     * Role + RoleBinding letting anonymous users read cluster-info (kubeadm's
     * clusterinfo.CreateClusterInfoRBACRules).
     */
    public static List<HasMetadata> clusterInfoReaders() {
        return readOneConfigMap("kube-public", "kubeadm:bootstrap-signer-clusterinfo", "cluster-info",
                List.of(new SubjectBuilder().withKind("User").withApiGroup(RBAC_GROUP).withName("system:anonymous").build()));
    }

    /**
     * Roles letting joining nodes read kubeadm-config and kubelet-config
     * (docs/kubeadm-compat.md#rbac-and-configmaps).
     */
    public static List<HasMetadata> configReaders() {
        List<HasMetadata> objects = new ArrayList<>();
        List<Subject> nodes = List.of(group(NODE_BOOTSTRAP_GROUP), group(NODES_GROUP));
        objects.addAll(readOneConfigMap("kube-system", "kubeadm:nodes-kubeadm-config", "kubeadm-config", nodes));
        objects.addAll(readOneConfigMap("kube-system", "kubeadm:kubelet-config", "kubelet-config", nodes));
        return objects;
    }

    /**
     * Lets the bootstrap token read the kubeadm-certs Secret during control-plane join (kubeadm's
     * copycerts.createRBAC).
     */
    public static List<HasMetadata> kubeadmCertsReaders() {
        return List.of(
                new RoleBuilder().withNewMetadata().withName("kubeadm:kubeadm-certs").withNamespace("kube-system")
                        .endMetadata()
                        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("secrets")
                                .withResourceNames("kubeadm-certs").withVerbs("get").build())
                        .build(),
                roleBinding("kube-system", "kubeadm:kubeadm-certs", List.of(group(NODE_BOOTSTRAP_GROUP))));
    }

    static List<HasMetadata> readOneConfigMap(String namespace, String name, String configMap, List<Subject> subjects) {
        return List.of(
                new RoleBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                .withResourceNames(configMap).withVerbs("get").build())
                        .build(),
                roleBinding(namespace, name, subjects));
    }

    static HasMetadata roleBinding(String namespace, String name, List<Subject> subjects) {
        return new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC_GROUP).withKind("Role").withName(name).endRoleRef()
                .withSubjects(subjects)
                .build();
    }

    static HasMetadata clusterRoleBinding(String name, String clusterRole, Subject subject) {
        return new ClusterRoleBindingBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewRoleRef().withApiGroup(RBAC_GROUP).withKind("ClusterRole").withName(clusterRole).endRoleRef()
                .withSubjects(subject)
                .build();
    }

    static Subject group(String name) {
        return new SubjectBuilder().withKind("Group").withApiGroup(RBAC_GROUP).withName(name).build();
    }
}
