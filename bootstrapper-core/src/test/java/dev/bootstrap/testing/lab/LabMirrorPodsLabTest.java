package dev.bootstrap.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lab's mirror Pods follow a node's manifests as a kubelet's do (created, a new config.hash when the manifest
 * changes and only then, deleted with it), and its Node reports the kubelet version the node's version file says.
 */
@ExtendWith(LabExtension.class)
@LabNodes(1)
class LabMirrorPodsLabTest {

    private static final String SCHEDULER = "/etc/kubernetes/manifests/kube-scheduler.yaml";

    @Test
    void mirrorPodsFollowTheManifestsAndTheNodeItsKubeletsVersion(Lab lab) throws Exception {
        LabNode node = lab.node(1);
        try (MockApiServer server = new MockApiServer(InetAddress.getLoopbackAddress());
             KubernetesClient api = server.client();
             LabMirrorPods mirrors = new LabMirrorPods(lab, api, lab.nodes())) {
            api.nodes().resource(LabKubelets.node(node)).create();
            lab.ssh(node, "mkdir -p /etc/kubernetes/manifests && printf 'apiVersion: v1\\nkind: Pod\\nmetadata:\\n"
                    + "  name: kube-scheduler\\n  namespace: kube-system\\n  labels:\\n    component: kube-scheduler\\n"
                    + "    tier: control-plane\\nspec:\\n  containers:\\n  - name: kube-scheduler\\n"
                    + "    image: registry.k8s.io/kube-scheduler:v1.36.2\\n' > " + SCHEDULER);
            Supplier<Pod> mirror = () -> api.pods().inNamespace("kube-system").withName("kube-scheduler-node1").get();
            String first = await(() -> hash(mirror.get()), h -> h != null, mirrors);
            assertEquals("node1", mirror.get().getSpec().getNodeName());
            assertEquals("kube-scheduler", mirror.get().getMetadata().getLabels().get("component"));
            assertEquals(first, mirror.get().getMetadata().getAnnotations().get("kubernetes.io/config.mirror"));

            Thread.sleep(600);
            assertEquals(first, hash(mirror.get()), "an unchanged manifest keeps its hash");
            lab.ssh(node, "sed -i 's/v1.36.2/v1.37.1/' " + SCHEDULER);
            String second = await(() -> hash(mirror.get()), h -> h != null && !h.equals(first), mirrors);
            assertNotEquals(first, second);
            assertTrue(mirror.get().getSpec().getContainers().get(0).getImage().endsWith(":v1.37.1"));

            assertEquals(VersionTable.DEFAULT_VERSION, await(() -> kubelet(api.nodes().withName("node1").get()),
                    v -> v != null, mirrors));
            lab.ssh(node, "mkdir -p /usr/local/lib && echo v1.36.9 > " + LabMirrorPods.VERSION_FILE);
            await(() -> kubelet(api.nodes().withName("node1").get()), "v1.36.9"::equals, mirrors);

            lab.ssh(node, "rm " + SCHEDULER);
            await(() -> mirror.get() == null ? "gone" : "there", "gone"::equals, mirrors);
        }
    }

    private static String hash(Pod pod) {
        return pod == null ? null : pod.getMetadata().getAnnotations().get(LabMirrorPods.HASH);
    }

    private static String kubelet(Node node) {
        return node.getStatus() == null || node.getStatus().getNodeInfo() == null ? null
                : node.getStatus().getNodeInfo().getKubeletVersion();
    }

    private static String await(Supplier<String> value, java.util.function.Predicate<String> done, LabMirrorPods mirrors)
            throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        String last = value.get();
        while (!done.test(last)) {
            assertTrue(System.nanoTime() < until, "still " + last + "; the player's last error: " + mirrors.lastError());
            Thread.sleep(100);
            last = value.get();
        }
        return last;
    }
}
