package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Against the API stand-in (fabric8's mock server in CRUD mode), seeded as the kubelets and init would have it. */
class RunningComponentsReaderTest {

    static Pod staticPod(String component, String node, String image) {
        return new PodBuilder().withNewMetadata().withName(component + "-" + node).withNamespace("kube-system")
                .addToLabels("component", component).addToLabels("tier", "control-plane").endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName(component).withImage(image)
                .endContainer().endSpec().build();
    }

    static void node(KubernetesClient api, String name, String kubelet) {
        api.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).endMetadata().withNewStatus()
                .withNewNodeInfo().withKubeletVersion(kubelet).endNodeInfo().endStatus().build()).create();
    }

    @Test
    void readsEachControlPlanesComponentsTheAddonsAndEachKubelet() throws Exception {
        try (MockApiServer server = new MockApiServer(InetAddress.getLoopbackAddress());
             KubernetesClient api = server.client()) {
            api.pods().resource(staticPod("kube-apiserver", "cp1", "registry.k8s.io/kube-apiserver:v1.36.2")).create();
            api.pods().resource(staticPod("kube-apiserver", "cp2", "registry.example:5000/k8s/kube-apiserver:v1.35.4"))
                    .create();
            api.pods().resource(staticPod("etcd", "cp1", "registry.k8s.io/etcd:3.6.8-0")).create();
            api.apps().daemonSets().resource(new DaemonSetBuilder().withNewMetadata().withName("kube-proxy")
                    .withNamespace("kube-system").endMetadata().withNewSpec().withNewTemplate().withNewSpec()
                    .addNewContainer().withName("kube-proxy").withImage("registry.k8s.io/kube-proxy:v1.36.2")
                    .endContainer().endSpec().endTemplate().endSpec().build()).create();
            node(api, "cp1", "v1.36.2");
            node(api, "w1", "v1.35.4");
            RunningComponents running = RunningComponentsReader.read(api);
            assertEquals(Map.of("cp1", "v1.36.2", "cp2", "v1.35.4"), running.staticPods().get("kube-apiserver"));
            assertEquals(Map.of("cp1", "3.6.8-0"), running.staticPods().get("etcd"));
            assertEquals(Map.of(), running.staticPods().get("kube-scheduler"));
            assertEquals(Optional.of("v1.36.2"), running.kubeProxy());
            assertEquals(Optional.empty(), running.coreDns());
            SkewPolicy.ClusterVersions versions = running.versions();
            assertEquals(Map.of("cp1", KubernetesVersion.require("v1.36.2"), "cp2", KubernetesVersion.require("v1.35.4")),
                    versions.apiServers());
            assertEquals(Map.of("cp1", KubernetesVersion.require("v1.36.2"), "w1", KubernetesVersion.require("v1.35.4")),
                    versions.kubelets());
            assertEquals(KubernetesVersion.require("v1.36.2"), versions.newestApiServer());
        }
    }

    @Test
    void anApiServerTagThatIsNoVersionIsNamed() {
        RunningComponents running = new RunningComponents(Map.of("kube-apiserver", Map.of("cp1", "latest")),
                Optional.empty(), Optional.empty(), Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, running::versions);
        assertTrue(e.getMessage().contains("kube-apiserver on cp1 runs image tag \"latest\""), e.getMessage());
        assertEquals(Optional.of(KubernetesVersion.require("v1.36.2+custom")), KubernetesVersion.fromImageTag("v1.36.2_custom"));
        assertEquals(Optional.empty(), RunningComponentsReader.tag(staticPod("etcd", "cp1", "registry:5000/etcd")
                .getSpec(), "etcd"), "a registry's port is no tag");
    }
}
