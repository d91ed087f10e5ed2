package dev.bootstrap.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;

/** A calico-node DaemonSet built by hand, for the image walk over objects (ClusterImagesTest). */
public final class CniStandIn {

    public static final String NODE_IMAGE = "quay.io/calico/node:v3.30.3";
    public static final String CNI_IMAGE = "quay.io/calico/cni:v3.30.3";

    private CniStandIn() {
    }

    /** kube-system/calico-node: the cni image as its init container, the node image as its container. */
    public static HasMetadata calicoNode() {
        return new DaemonSetBuilder().withNewMetadata().withName("calico-node").withNamespace("kube-system").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec()
                .addNewInitContainer().withName("install-cni").withImage(CNI_IMAGE).endInitContainer()
                .addNewContainer().withName("calico-node").withImage(NODE_IMAGE).endContainer()
                .endSpec().endTemplate().endSpec().build();
    }
}
