package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabMirrorPods;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code up} takes a lab cluster of a control plane and three workers two minors up, v1.35 to v1.37 through the
 * file's {@code spec.upgrade.via}, two workers at a time. Stand-ins as in {@link UpUpgradeLabTest}.
 */
@ExtendWith(LabExtension.class)
@LabNodes(4)
class UpUpgradeHopsLabTest {

    private static final String FROM = "v1.35.4";
    private static final String VIA = "v1.36.2";
    private static final String TO = "v1.37.1";

    @Test
    void twoMinorsInOneRunHopByHopTwoWorkersAtATime(Lab lab, @TempDir Path dir) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
            lab.ssh(node, "mkdir -p /usr/local/lib && echo " + FROM + " > " + LabMirrorPods.VERSION_FILE);
        }
        try (LabApi api = LabApi.start(lab)) {
            String base = LabClusterFile.yaml(lab, "lab", api.upstream(), 4, 10).replace("kubernetesVersion: "
                    + dev.bootstrap.config.VersionTable.DEFAULT_VERSION, "kubernetesVersion: " + FROM);
            Path made = Files.writeString(dir.resolve("v135.yaml"), base);
            CliBasicsTest.Run first = up(made, dir);
            assertEquals(0, first.exit(), first.out() + first.err());
            try (LabMirrorPods mirrors = new LabMirrorPods(lab, api.direct(), lab.nodes())) {
                Path hops = Files.writeString(dir.resolve("v137.yaml"), base.replace("kubernetesVersion: " + FROM,
                        "kubernetesVersion: " + TO).replace("  ssh:\n", "  upgrade:\n    via: [" + VIA + "]\n"
                        + "    maxUnavailable: 2\n    kubeletCommand: 'echo \"$VERSION\" > " + LabMirrorPods.VERSION_FILE
                        + "'\n  ssh:\n"));
                CliBasicsTest.Run plan = CliBasicsTest.run("plan", "-f", hops.toString());
                assertTrue(plan.out().contains("(" + FROM + " -> " + VIA + " -> " + TO + ")"), plan.out());
                assertTrue(plan.out().contains("2 worker(s) at a time"), plan.out());

                CliBasicsTest.Run upgraded = up(hops, dir);
                String out = upgraded.out();
                assertEquals(0, upgraded.exit(), out + upgraded.err() + "\nplayer: " + mirrors.lastError());
                assertTrue(out.indexOf("[upgrade-start] node1 done") < out.lastIndexOf("[upgrade-start] node1 done"),
                        "two hops: " + out);
                assertTrue(out.contains("upgrading the cluster to " + VIA) && out.contains("upgrading the cluster to " + TO),
                        out);
                for (LabNode node : lab.nodes()) {
                    Node n = api.direct().nodes().withName(node.name()).get();
                    assertEquals(TO, n.getStatus().getNodeInfo().getKubeletVersion(), node.name());
                }
                assertTrue(lab.ssh(lab.node(1), "cat /etc/kubernetes/manifests/kube-apiserver.yaml")
                        .contains("kube-apiserver:" + TO));
                // Workers in batches of two: at most two were between drain and uncordon at once.
                assertTrue(maxAtOnce(out) <= 2, out);

                CliBasicsTest.Run again = up(hops, dir);
                assertEquals(0, again.exit(), again.out() + again.err());
                assertTrue(again.out().contains("4 nodes, 0 changed"), again.out());
            }
        } finally {
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }

    private static CliBasicsTest.Run up(Path file, Path dir) {
        return CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all", "--wait-timeout", "60s",
                "--snapshot-dir", dir.resolve("snapshots").toString());
    }

    /**
     * The most workers drained and not yet uncordoned at once, in the printed order (a slot is freed just before
     * "uncordon" is printed, so the next worker's "wait-for-turn" may come first; its drain cannot).
     */
    private static int maxAtOnce(String out) {
        Matcher m = Pattern.compile("\\[(drain|uncordon)\\] (node[2-4]) ").matcher(out);
        int open = 0;
        int max = 0;
        while (m.find()) {
            open += m.group(1).equals("drain") ? 1 : -1;
            max = Math.max(max, open);
        }
        return max;
    }
}
