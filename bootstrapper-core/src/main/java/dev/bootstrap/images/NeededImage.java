package dev.bootstrap.images;

import java.util.List;

/**
 * An image bootstrap causes to run on the nodes, and what needs it.
 *
 * @param image    the reference as written where it is used (a manifest, an object, containerd's config)
 * @param neededBy e.g. "static Pod kube-system/kube-apiserver", "DaemonSet kube-system/calico-node"
 * @param kubeadmImage named by kubeadm's rules (imageRepository and the version table), not by an object's own text
 */
public record NeededImage(String image, List<String> neededBy, boolean kubeadmImage) {

    public NeededImage {
        neededBy = List.copyOf(neededBy);
    }

    /** "image (what needs it, ...)" for messages. */
    public String describe() {
        return image + " (" + String.join(", ", neededBy) + ")";
    }
}
