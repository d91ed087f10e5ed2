package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Against the API stand-in (fabric8's mock server in CRUD mode), seeded as the kubelets would have it. */
class ClusterVersionsReaderTest {

    private static Pod apiServer(String node, String image) {
        return new PodBuilder().withNewMetadata().withName("kube-apiserver-" + node).withNamespace("kube-system")
                .addToLabels("component", "kube-apiserver").addToLabels("tier", "control-plane").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("kube-apiserver").withImage(image)
                .endContainer().endSpec().build();
    }

    private static void node(KubernetesClient api, String name, String kubelet) {
        api.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withNewNodeInfo().withKubeletVersion(kubelet).endNodeInfo().endStatus().build()).create();
    }

    @Test
    void readsEachControlPlanesApiServerAndEachKubelet() throws Exception {
        try (MockApiServer server = new MockApiServer(InetAddress.getLoopbackAddress());
             KubernetesClient api = server.client()) {
            api.pods().resource(apiServer("cp1", "registry.k8s.io/kube-apiserver:v1.36.2")).create();
            api.pods().resource(apiServer("cp2", "registry.example:5000/k8s/kube-apiserver:v1.35.4")).create();
            // the etcd of cp1: not an API server
            api.pods().resource(new PodBuilder(apiServer("cp1", "registry.k8s.io/etcd:3.6.8-0")).editMetadata()
                    .withName("etcd-cp1").addToLabels("component", "etcd").endMetadata().build()).create();
            node(api, "cp1", "v1.36.2");
            node(api, "w1", "v1.35.4");
            SkewPolicy.ClusterVersions versions = ClusterVersionsReader.read(api);
            assertEquals(Map.of("cp1", KubernetesVersion.require("v1.36.2"), "cp2", KubernetesVersion.require("v1.35.4")),
                    versions.apiServers());
            assertEquals(Map.of("cp1", KubernetesVersion.require("v1.36.2"), "w1", KubernetesVersion.require("v1.35.4")),
                    versions.kubelets());
            assertEquals(KubernetesVersion.require("v1.36.2"), versions.newestApiServer());
        }
    }

    @Test
    void anImageTagThatIsNoVersionIsNamed() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ClusterVersionsReader.imageVersion(apiServer("cp1", "registry.k8s.io/kube-apiserver:latest")));
        assertTrue(e.getMessage().contains("kube-system/kube-apiserver-cp1 runs image \"registry.k8s.io/kube-apiserver:latest\""),
                e.getMessage());
        assertEquals(KubernetesVersion.require("v1.36.2+custom"),
                ClusterVersionsReader.imageVersion(apiServer("cp1", "r/kube-apiserver:v1.36.2_custom")));
    }
}
