package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} carries a running lab cluster (2 control planes and a worker) from v1.35 to v1.37, hop by hop, as the
 * cluster file's version rises: the REAL etcd (copied, snapshot through its API, swapped by the kubelet stand-in),
 * mirror Pods, kubelet versions and the leaders' Leases played by {@link LabMirrorPods} (STAND-IN), the API by the
 * fabric8 CRUD mock with the Eviction subresource and PodDisruptionBudgets (STAND-IN). A budget that blocks the
 * worker's drain stops the run with the node uncordoned; a run killed mid-drain is finished by the next.
 */
@ExtendWith(LabExtension.class)
@LabNodes(3)
class UpUpgradeLabTest {

    private static final String V135 = "v1.35.4";
    private static final String V136 = "v1.36.2";
    private static final String V137 = "v1.37.1";
    private static final String KUBELET = "echo \"$VERSION\" > " + LabMirrorPods.VERSION_FILE;

    @Test
    void upUpgradesHopByHopDrainsWithinBudgetsAndFinishesAKilledRun(Lab lab, @TempDir Path dir) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
            lab.ssh(node, "mkdir -p /usr/local/lib && echo " + V135 + " > " + LabMirrorPods.VERSION_FILE);
        }
        Path snapshots = dir.resolve("snapshots");
        Process killed = null;
        try (LabApi api = LabApi.start(lab)) {
            String base = LabClusterFile.yaml(lab, "lab", api.upstream(), 3, 10, 2);
            CliBasicsTest.Run made = up(file(dir, "v135.yaml", base, V135, ""), snapshots);
            assertEquals(0, made.exit(), made.out() + made.err());
            KubernetesClient k8s = api.direct();
            try (LabMirrorPods mirrors = new LabMirrorPods(lab, k8s, lab.nodes())) {
                seedGuardedPod(k8s);

                // Without a kubelet command the control planes are upgraded, then the run stops naming the kubelets.
                Path byHand = Files.writeString(dir.resolve("by-hand.yaml"), base.replace("kubernetesVersion: "
                        + dev.bootstrap.config.VersionTable.DEFAULT_VERSION, "kubernetesVersion: " + V136));
                CliBasicsTest.Run plan = CliBasicsTest.run("plan", "-f", byHand.toString());
                assertEquals(0, plan.exit(), plan.out() + plan.err());
                assertTrue(plan.out().contains("node1 (control-plane): upgrade: kubeadm upgrade apply " + V136), plan.out());
                assertTrue(plan.out().contains("node3 (worker): upgrade: kubeadm upgrade node to " + V136), plan.out());
                assertTrue(plan.out().contains("-    image: registry.k8s.io/kube-apiserver:" + V135 + "\n"
                        + "+    image: registry.k8s.io/kube-apiserver:" + V136), plan.out());
                CliBasicsTest.Run left = up(byHand, snapshots);
                assertEquals(1, left.exit(), left.out() + left.err());
                assertTrue(left.out().contains("the control plane runs " + V136 + ", but the kubelets of node1, node2, "
                        + "node3 do not"), left.out());
                assertTrue(manifest(lab, lab.node(2), "kube-scheduler").contains("kube-scheduler:" + V136));
                assertEquals(V135, kubelet(k8s, "node3"));

                // A budget that allows no disruption: the worker's drain times out, the run stops, node3 uncordoned.
                Path blocked = file(dir, "blocked.yaml", base, V136, "    drainTimeout: 6s\n");
                CliBasicsTest.Run stopped = up(blocked, snapshots);
                String out = stopped.out() + stopped.err();
                assertEquals(1, stopped.exit(), out);
                assertTrue(out.contains("default/web-1"), "the blocking Pod is named: " + out);
                assertTrue(out.contains("web-budget"), "the blocking budget is named: " + out);
                assertFalse(unschedulable(k8s, "node3"), "the worker is uncordoned");
                assertTrue(out.contains("[etcd-snapshot] node1 done"), out);
                try (Stream<Path> saved = Files.list(snapshots)) {
                    List<String> names = saved.map(p -> p.getFileName().toString()).toList();
                    assertTrue(names.stream().anyMatch(n -> n.matches("etcd-snapshot-lab-.*\\.db")), names.toString());
                }
                for (LabNode cp : List.of(lab.node(1), lab.node(2))) {
                    assertTrue(manifest(lab, cp, "kube-apiserver").contains("kube-apiserver:" + V136), cp.name());
                }

                // Killed (SIGKILL) while the drain waits on the budget: the next run finishes and uncordons.
                Path patient = file(dir, "patient.yaml", base, V136, "");
                Path log = dir.resolve("killed.log");
                killed = UpProcess.start(patient, log, "--snapshot-dir", snapshots.toString());
                Process run = killed;
                UpProcess.waitFor(() -> unschedulable(k8s, "node3"), run, log);
                Thread.sleep(500);
                killed.destroyForcibly();
                assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
                assertTrue(unschedulable(k8s, "node3"), "cordoned when it was killed");
                k8s.policy().v1().podDisruptionBudget().inNamespace("default").withName("web-budget").delete();
                CliBasicsTest.Run finished = up(patient, snapshots);
                assertEquals(0, finished.exit(), finished.out() + finished.err());
                assertFalse(unschedulable(k8s, "node3"), "uncordoned by the run that finished");
                assertEquals(null, k8s.pods().inNamespace("default").withName("web-1").get(), "evicted");
                for (LabNode node : lab.nodes()) {
                    assertEquals(V136, kubelet(k8s, node.name()), node.name());
                }

                // The next minor; then a run that has nothing to do.
                Path latest = file(dir, "v137.yaml", base, V137, "");
                CliBasicsTest.Run upgraded = up(latest, snapshots);
                assertEquals(0, upgraded.exit(), upgraded.out() + upgraded.err() + "\nplayer: " + mirrors.lastError());
                for (LabNode node : lab.nodes()) {
                    assertEquals(V137, kubelet(k8s, node.name()), node.name());
                }
                for (LabNode cp : List.of(lab.node(1), lab.node(2))) {
                    for (String c : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
                        assertTrue(manifest(lab, cp, c).contains(c + ":" + V137), cp.name() + " " + c);
                    }
                }
                assertTrue(k8s.configMaps().inNamespace("kube-system").withName("kubeadm-config").get().getData()
                        .get("ClusterConfiguration").contains("kubernetesVersion: " + V137));
                assertEquals("absent", lab.ssh(lab.node(1), "test -e /etc/kubernetes/bootstrap/upgrade && echo present "
                        + "|| echo absent").strip(), "the upgrade marker is gone");
                CliBasicsTest.Run again = up(latest, snapshots);
                assertEquals(0, again.exit(), again.out() + again.err());
                assertTrue(again.out().contains("3 nodes, 0 changed"), again.out());
            }
        } finally {
            if (killed != null) {
                killed.destroyForcibly();
            }
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }

    private static CliBasicsTest.Run up(Path file, Path snapshots) {
        return CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all", "--wait-timeout", "60s",
                "--snapshot-dir", snapshots.toString());
    }

    /** The lab's file at {@code version}, upgrading kubelets with the stand-in's version file. */
    private static Path file(Path dir, String name, String base, String version, String upgradeExtra) throws Exception {
        String text = base.replace("kubernetesVersion: " + dev.bootstrap.config.VersionTable.DEFAULT_VERSION,
                "kubernetesVersion: " + version).replace("  ssh:\n", "  upgrade:\n"
                + "    kubeletCommand: '" + KUBELET + "'\n" + upgradeExtra + "  ssh:\n");
        return Files.writeString(dir.resolve(name), text);
    }

    /** A Pod of a one-replica ReplicaSet on the worker, guarded by a budget that allows no disruption. */
    private static void seedGuardedPod(KubernetesClient k8s) {
        var rs = k8s.apps().replicaSets().inNamespace("default").resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("web").endMetadata().withNewSpec().withReplicas(1).withNewSelector().addToMatchLabels("app", "web")
                .endSelector().withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata().withNewSpec()
                .addNewContainer().withName("web").withImage("registry.k8s.io/pause:3.10").endContainer().endSpec()
                .endTemplate().endSpec().build()).create();
        k8s.pods().inNamespace("default").resource(new PodBuilder().withNewMetadata().withName("web-1")
                .addToLabels("app", "web").addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("web").withUid(rs.getMetadata().getUid()).withController(true).endOwnerReference()
                .endMetadata().withNewSpec().withNodeName("node3").addNewContainer().withName("web")
                .withImage("registry.k8s.io/pause:3.10").endContainer().endSpec().withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus().build()).create();
        k8s.policy().v1().podDisruptionBudget().inNamespace("default").resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName("web-budget").endMetadata().withNewSpec().withNewMinAvailable(1)
                .withNewSelector().addToMatchLabels("app", "web").endSelector().endSpec().build()).create();
    }

    private static boolean unschedulable(KubernetesClient k8s, String node) {
        Node n = k8s.nodes().withName(node).get();
        return n != null && Boolean.TRUE.equals(n.getSpec().getUnschedulable());
    }

    private static String kubelet(KubernetesClient k8s, String node) {
        Node n = k8s.nodes().withName(node).get();
        return n == null || n.getStatus() == null || n.getStatus().getNodeInfo() == null ? null
                : n.getStatus().getNodeInfo().getKubeletVersion();
    }

    private static String manifest(Lab lab, LabNode node, String component) {
        return lab.ssh(node, "cat /etc/kubernetes/manifests/" + component + ".yaml");
    }
}
