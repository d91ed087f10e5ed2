package dev.bootstrap.images;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.manifests.Images;
import dev.bootstrap.testing.CniStandIn;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterImagesTest {

    private static ClusterConfiguration cluster(String yaml) {
        return KubeadmConfigReader.readInit("test.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.37.1
                """ + yaml, InitFlags.NONE).cluster();
    }

    private static List<String> users(List<NeededImage> images) {
        return images.stream().map(NeededImage::describe).toList();
    }

    @Test
    void kubeadmsImagesComeWithWhatRunsThemInConfigImagesListOrder() {
        ClusterConfiguration cluster = cluster("");
        List<NeededImage> images = ClusterImages.of(cluster, List.of());
        assertEquals(new Images(cluster).all(), images.stream().map(NeededImage::image).toList());
        assertEquals(List.of("static Pod kube-system/kube-apiserver", "static Pod kube-system/kube-controller-manager",
                "static Pod kube-system/kube-scheduler", "DaemonSet kube-system/kube-proxy",
                "Deployment kube-system/coredns", "containerd sandbox image (pause)", "static Pod kube-system/etcd"),
                images.stream().map(i -> String.join(", ", i.neededBy())).toList());
        assertEquals(7, images.stream().filter(NeededImage::kubeadmImage).count());
    }

    @Test
    void disabledAddonsAndAnExternalEtcdRunNoImage() {
        List<NeededImage> images = ClusterImages.of(cluster("""
                dns:
                  disabled: true
                proxy:
                  disabled: true
                etcd:
                  external:
                    endpoints: [https://10.0.0.1:2379]
                    caFile: /etc/etcd/ca.crt
                    certFile: /etc/etcd/client.crt
                    keyFile: /etc/etcd/client.key
                """), List.of());
        assertEquals(List.of("registry.k8s.io/kube-apiserver:v1.37.1 (static Pod kube-system/kube-apiserver)",
                "registry.k8s.io/kube-controller-manager:v1.37.1 (static Pod kube-system/kube-controller-manager)",
                "registry.k8s.io/kube-scheduler:v1.37.1 (static Pod kube-system/kube-scheduler)",
                "registry.k8s.io/pause:3.10.2 (containerd sandbox image (pause))"), users(images));
    }

    @Test
    void objectsAddTheirContainersAndInitContainersEachImageOnce() {
        var job = new JobBuilder().withNewMetadata().withName("install").withNamespace("kube-system").endMetadata()
                .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("c")
                .withImage(CniStandIn.CNI_IMAGE).endContainer().endSpec().endTemplate().endSpec().build();
        var pod = new PodBuilder().withNewMetadata().withName("probe").endMetadata().withNewSpec().addNewContainer()
                .withName("p").withImage("busybox:1.36").endContainer().endSpec().build();
        var config = new ConfigMapBuilder().withNewMetadata().withName("calico-config").endMetadata().build();

        List<NeededImage> images = ClusterImages.of(cluster(""), List.of(CniStandIn.calicoNode(), config, job, pod));
        List<NeededImage> objects = images.subList(7, images.size());
        assertEquals(List.of(CniStandIn.CNI_IMAGE + " (DaemonSet kube-system/calico-node, Job kube-system/install)",
                CniStandIn.NODE_IMAGE + " (DaemonSet kube-system/calico-node)", "busybox:1.36 (Pod probe)"),
                users(objects));
        assertEquals(List.of(), objects.stream().filter(NeededImage::kubeadmImage).toList());
    }
}
