package dev.bootstrap.images;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cni.CniManifests;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.manifests.Images;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every image a cluster runs: kubeadm's ({@code config images list}, each with the static Pod, addon or sandbox
 * that runs it) and those of the objects bootstrap applies beyond them (the CNI's), in that order, each once.
 */
public final class ClusterImages {

    private ClusterImages() {
    }

    /** Every image {@code file}'s cluster runs: kubeadm's, then its CNI's. */
    public static List<NeededImage> of(ClusterFile file, TemplateRenderer renderer) {
        return of(file.kubeadm(), CniManifests.of(file, renderer).objects());
    }

    /** @param objects applied to the cluster besides kubeadm's addons; containers of their Pod templates count */
    public static List<NeededImage> of(ClusterConfiguration cluster, List<HasMetadata> objects) {
        Map<String, List<String>> byImage = new LinkedHashMap<>();
        new Images(cluster).neededBy().forEach((image, user) -> byImage.put(image, new ArrayList<>(List.of(user))));
        int kubeadms = byImage.size(); // the first entries, in insertion order
        for (HasMetadata object : objects) {
            podSpec(object).ifPresent(spec -> {
                List<Container> containers = new ArrayList<>(spec.getInitContainers());
                containers.addAll(spec.getContainers());
                for (Container c : containers) {
                    if (c.getImage() == null) {
                        continue;
                    }
                    List<String> users = byImage.computeIfAbsent(c.getImage(), i -> new ArrayList<>());
                    String user = name(object);
                    if (!users.contains(user)) {
                        users.add(user);
                    }
                }
            });
        }
        List<NeededImage> needed = new ArrayList<>();
        byImage.forEach((image, users) -> needed.add(new NeededImage(image, users, needed.size() < kubeadms)));
        return needed;
    }

    /** The Pod spec an object runs: its own (a Pod) or its template's. */
    private static Optional<PodSpec> podSpec(HasMetadata object) {
        PodTemplateSpec template = null;
        if (object instanceof Pod pod) {
            return Optional.ofNullable(pod.getSpec());
        } else if (object instanceof DaemonSet ds && ds.getSpec() != null) {
            template = ds.getSpec().getTemplate();
        } else if (object instanceof Deployment d && d.getSpec() != null) {
            template = d.getSpec().getTemplate();
        } else if (object instanceof StatefulSet s && s.getSpec() != null) {
            template = s.getSpec().getTemplate();
        } else if (object instanceof ReplicaSet r && r.getSpec() != null) {
            template = r.getSpec().getTemplate();
        } else if (object instanceof Job j && j.getSpec() != null) {
            template = j.getSpec().getTemplate();
        } else if (object instanceof CronJob c && c.getSpec() != null && c.getSpec().getJobTemplate() != null
                && c.getSpec().getJobTemplate().getSpec() != null) {
            template = c.getSpec().getJobTemplate().getSpec().getTemplate();
        }
        return Optional.ofNullable(template).map(PodTemplateSpec::getSpec);
    }

    /** "DaemonSet kube-system/calico-node" (no namespace: the name alone). */
    private static String name(HasMetadata object) {
        String namespace = object.getMetadata().getNamespace();
        return object.getKind() + " " + (namespace == null ? "" : namespace + "/") + object.getMetadata().getName();
    }
}
