package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.OnStandInCluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code bootstrap upgrade plan} end to end: picocli, admin.conf read under --rootfs, fabric8 over TLS to the API
 * STAND-IN (fabric8's CRUD mock) seeded with the mirror Pods and Nodes a v1.35 cluster's kubelets would post.
 */
class UpgradePlanOnStandInTest extends OnStandInCluster {

    private void seed(String apiServer, String kubelet) {
        for (String component : new String[] {"kube-apiserver", "kube-controller-manager", "kube-scheduler"}) {
            direct.pods().resource(new PodBuilder().withNewMetadata().withName(component + "-cp1")
                    .withNamespace("kube-system").addToLabels("component", component).addToLabels("tier", "control-plane")
                    .endMetadata().withNewSpec().withNodeName("cp1").addNewContainer().withName(component)
                    .withImage("registry.k8s.io/" + component + ":" + apiServer).endContainer().endSpec().build()).create();
        }
        for (String node : new String[] {"cp1", "w1"}) {
            direct.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().withNewStatus()
                    .withNewNodeInfo().withKubeletVersion(kubelet).endNodeInfo().endStatus().build()).create();
        }
    }

    private CliBasicsTest.Run plan(String... args) {
        String[] all = new String[args.length + 4];
        all[0] = "upgrade";
        all[1] = "plan";
        System.arraycopy(args, 0, all, 2, args.length);
        all[args.length + 2] = "--rootfs";
        all[args.length + 3] = rootfs.toString();
        return CliBasicsTest.run(all);
    }

    @Test
    void theNextMinorIsPlannedAndAllowedASkippedOneRefused() {
        seed("v1.35.4", "v1.35.4");
        CliBasicsTest.Run next = plan("v1.36.2");
        assertEquals(0, next.exit(), next.out() + next.err());
        assertTrue(next.out().startsWith("[upgrade/versions] Cluster version: v1.35.4\n"
                + "[upgrade/versions] Target version: v1.36.2\n"), next.out());
        assertTrue(next.out().matches("(?s).*kube-apiserver +cp1 +v1\\.35\\.4 +v1\\.36\\.2\n.*"), next.out());
        assertTrue(next.out().matches("(?s).*kubelet +w1 +v1\\.35\\.4 +v1\\.36\\.2\n.*"), next.out());
        assertTrue(next.out().endsWith("kubeadm's version skew policy allows this upgrade.\n"), next.out());

        CliBasicsTest.Run skipped = plan("v1.37.1", "-o", "json");
        assertEquals(1, skipped.exit(), skipped.out() + skipped.err());
        JsonNode doc = JsonMapper.builder().build().readTree(skipped.out());
        assertEquals("v1.35.4", doc.get("clusterVersion").asString());
        assertEquals("ONE_MINOR", doc.get("violations").get(0).get("rule").asString());
        assertEquals("mandatory", doc.get("violations").get(0).get("severity").asString());
        assertEquals(false, doc.get("allowed").asBoolean());

        assertEquals(2, plan("1.36").exit(), "not a version");
    }

    @Test
    void withoutAVersionTheNewestKnownPatchesOfThisMinorAndTheNextArePlanned() {
        seed("v1.35.4", "v1.35.4");
        CliBasicsTest.Run both = plan();
        assertEquals(0, both.exit(), both.out() + both.err());
        int patch = both.out().indexOf("[upgrade/versions] Target version: v1.35.5\n");
        int minor = both.out().indexOf("[upgrade/versions] Target version: v1.36.1\n");
        assertTrue(patch >= 0 && minor > patch, "this minor's newest patch, then the next minor's: " + both.out());

        JsonNode doc = JsonMapper.builder().build().readTree(plan("-o", "json").out());
        assertEquals(2, doc.get("plans").size());
        assertEquals("v1.36.1", doc.get("plans").get(1).get("targetVersion").asString());
    }

    @Test
    void withoutAVersionOnTheNewestKnownReleaseNothingIsOffered() {
        seed("v1.37.1", "v1.37.1");
        CliBasicsTest.Run none = plan();
        assertEquals(0, none.exit(), none.out() + none.err());
        assertTrue(none.out().contains("No newer version of this minor or the next is known to this bootstrap"),
                none.out());
    }
}
