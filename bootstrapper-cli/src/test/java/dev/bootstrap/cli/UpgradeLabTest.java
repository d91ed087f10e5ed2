package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabMirrorPods;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upgrade apply} and {@code upgrade node} over SSH on a lab cluster made by {@code up} at v1.36: the REAL etcd
 * (Debian's, started by the kubelet stand-in from each etcd.yaml) is copied, swapped and, when the new one does not
 * come up, rolled back; the mirror Pods and the kubelets' versions are played by {@link LabMirrorPods} (STAND-IN:
 * no kubelet runs here), the API by the fabric8 CRUD mock (STAND-IN).
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class UpgradeLabTest {

    private static final String FROM = "v1.36.2";
    private static final String TO = VersionTable.DEFAULT_VERSION;
    private static final String MANIFESTS = "/etc/kubernetes/manifests";

    @Test
    void aControlPlaneAndAWorkerAreUpgradedAndAFailedEtcdIsRolledBack(Lab lab, @TempDir Path dir) throws Exception {
        assertTrue(TO.startsWith("v1.37."), "the test upgrades one minor, to the default " + TO);
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
            lab.ssh(node, "mkdir -p /usr/local/lib && echo " + FROM + " > " + LabMirrorPods.VERSION_FILE);
        }
        LabNode cp = lab.node(1);
        try (LabApi api = LabApi.start(lab)) {
            Path file = Files.writeString(dir.resolve("cluster.yaml"), LabClusterFile.yaml(lab, "lab", api.upstream(),
                    2, 10).replace("kubernetesVersion: " + TO, "kubernetesVersion: " + FROM));
            CliBasicsTest.Run up = CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "60s");
            assertEquals(0, up.exit(), up.out() + up.err());
            try (LabMirrorPods mirrors = new LabMirrorPods(lab, api.direct(), lab.nodes())) {
                Path config = Files.writeString(dir.resolve("upgrade.yaml"), """
                        apiVersion: kubeadm.k8s.io/v1beta4
                        kind: UpgradeConfiguration
                        timeouts:
                          upgradeManifests: 60s
                          etcdAPICall: 20s
                          controlPlaneComponentHealthCheck: 60s
                        """);
                // Too little room in /etc/kubernetes/tmp for the copy of etcd's data: refused before anything changes.
                lab.ssh(cp, "mkdir -p /etc/kubernetes/tmp && mount -t tmpfs -o size=64k tmpfs /etc/kubernetes/tmp");
                CliBasicsTest.Run full;
                try {
                    full = CliBasicsTest.run(upgrade(lab, cp, "apply", TO, "--config", config.toString()));
                } finally {
                    lab.ssh(cp, "umount /etc/kubernetes/tmp");
                }
                assertEquals(1, full.exit(), full.out() + full.err());
                assertTrue((full.out() + full.err()).contains("[ERROR UpgradeBackupSpace]: /etc/kubernetes/tmp has 0 MiB "
                        + "free, the etcd backup needs"), full.out() + full.err());
                String before = state(lab, cp);

                // An etcd that does not start (a flag etcd does not know, by a patch): manifest and data rolled back.
                Path patches = Files.createDirectories(dir.resolve("patches"));
                Files.writeString(patches.resolve("etcd+json.json"),
                        "[{\"op\": \"add\", \"path\": \"/spec/containers/0/command/-\", \"value\": \"--no-such-flag=1\"}]");
                CliBasicsTest.Run broken = CliBasicsTest.run(upgrade(lab, cp, "apply", TO, "--config", config.toString(),
                        "--patches", patches.toString()));
                String brokenOut = broken.out() + broken.err();
                assertEquals(1, broken.exit(), brokenOut);
                assertTrue(brokenOut.contains("rolled back the etcd manifest, and the earlier etcd answers"), brokenOut);
                assertEquals(manifests(before), manifests(state(lab, cp)), "every manifest as before");
                assertTrue(etcdHealthy(lab, cp));
                assertTrue(lab.ssh(cp, "ls -d /etc/kubernetes/tmp/kubeadm-backup-etcd-*/etcd/member").contains("member"));
                assertTrue(api.direct().configMaps().inNamespace("kube-system").withName("kubeadm-config").get()
                        .getData().get("ClusterConfiguration").contains("kubernetesVersion: " + FROM));

                // A dry run shows the diffs and changes nothing on the node.
                String beforeDry = state(lab, cp);
                CliBasicsTest.Run dry = CliBasicsTest.run(upgrade(lab, cp, "apply", TO, "--dry-run"));
                assertEquals(0, dry.exit(), dry.out() + dry.err());
                assertTrue(dry.out().contains("Would move the new manifest to " + MANIFESTS + "/kube-apiserver.yaml"),
                        dry.out());
                assertTrue(dry.out().contains("-    image: registry.k8s.io/kube-apiserver:" + FROM), dry.out());
                assertTrue(dry.out().contains("+    image: registry.k8s.io/kube-apiserver:" + TO), dry.out());
                assertEquals(beforeDry, state(lab, cp), "a dry run writes nothing on the node");

                String serial = lab.ssh(cp, "openssl x509 -noout -serial -in /etc/kubernetes/pki/apiserver.crt");
                CliBasicsTest.Run apply = CliBasicsTest.run(upgrade(lab, cp, "apply", TO, "--config", config.toString()));
                assertEquals(0, apply.exit(), apply.out() + apply.err() + "\nplayer: " + mirrors.lastError());
                assertTrue(apply.out().contains("[upgrade] SUCCESS!"), apply.out());
                for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
                    assertTrue(lab.ssh(cp, "cat " + MANIFESTS + "/" + component + ".yaml").contains(
                            "image: registry.k8s.io/" + component + ":" + TO), component);
                }
                assertTrue(lab.ssh(cp, "cat " + MANIFESTS + "/etcd.yaml").contains("image: registry.k8s.io/etcd:"
                        + VersionTable.of(dev.bootstrap.config.KubernetesVersion.require(TO)).etcdTag()));
                assertTrue(etcdHealthy(lab, cp));
                assertFalse(serial.equals(lab.ssh(cp, "openssl x509 -noout -serial -in /etc/kubernetes/pki/apiserver.crt")),
                        "the API server's certificate was renewed before its restart");
                assertTrue(api.direct().configMaps().inNamespace("kube-system").withName("kubeadm-config").get()
                        .getData().get("ClusterConfiguration").contains("kubernetesVersion: " + TO));
                assertTrue(apply.out().contains("Moved new manifest to " + MANIFESTS + "/kube-scheduler.yaml"), apply.out());

                CliBasicsTest.Run again = CliBasicsTest.run(upgrade(lab, cp, "apply", TO, "--config", config.toString(),
                        "-o", "json"));
                assertEquals(0, again.exit(), again.out() + again.err());
                assertTrue(again.out().contains("\"changed\":0"), "a second apply changes nothing: " + again.out());

                // Unchanged manifests, but the API server's certificate expires in 10 days: renewed, and restarted.
                lab.ssh(cp, "cd /etc/kubernetes/pki && openssl x509 -x509toreq -in apiserver.crt -signkey apiserver.key "
                        + "-copy_extensions copyall -out /tmp/apiserver.csr && openssl x509 -req -in /tmp/apiserver.csr "
                        + "-CA ca.crt -CAkey ca.key -days 10 -copy_extensions copyall -out apiserver.crt");
                CliBasicsTest.Run expiring = CliBasicsTest.run(upgrade(lab, cp, "apply", TO, "--config", config.toString()));
                assertEquals(0, expiring.exit(), expiring.out() + expiring.err());
                assertTrue(expiring.out().contains("certificates of kube-apiserver expire within 90 days: apiserver"),
                        expiring.out());
                assertTrue(expiring.out().contains("Restarted kube-apiserver (same manifest)"), expiring.out());
                assertTrue(expiring.out().contains("Current and new manifests of kube-scheduler are equal, skipping "
                        + "upgrade"), expiring.out());
                assertTrue(lab.ssh(cp, "openssl x509 -noout -checkend " + 300 * 24 * 3600
                        + " -in /etc/kubernetes/pki/apiserver.crt; echo $?").strip().endsWith("0"), "renewed for a year");

                LabNode worker = lab.node(2);
                CliBasicsTest.Run node = CliBasicsTest.run(upgrade(lab, worker, "node"));
                assertEquals(0, node.exit(), node.out() + node.err());
                assertTrue(node.out().contains("Skipping phase. Not a control plane node."), node.out());
                assertEquals(lab.ssh(worker, "cat /var/lib/kubelet/config.yaml"),
                        api.direct().configMaps().inNamespace("kube-system").withName("kubelet-config").get().getData()
                                .get("kubelet"), "the worker's kubelet configuration is the cluster's");
                CliBasicsTest.Run nodeAgain = CliBasicsTest.run(upgrade(lab, worker, "node", "-o", "json"));
                assertEquals(0, nodeAgain.exit(), nodeAgain.out() + nodeAgain.err());
                assertTrue(nodeAgain.out().contains("\"changed\":0"), nodeAgain.out());
            }
        } finally {
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }

    private static String[] upgrade(Lab lab, LabNode node, String verb, String... args) {
        List<String> all = new ArrayList<>(List.of("upgrade", verb));
        all.addAll(List.of(args));
        all.addAll(List.of("--node", "root@" + node.address(), "--ssh-key", lab.rootKey().toString(),
                "--ssh-known-hosts", lab.knownHosts().toString()));
        return all.toArray(String[]::new);
    }

    /** Checksums of the manifests and kubelet config, and what /etc/kubernetes/tmp holds. */
    private static String state(Lab lab, LabNode node) {
        return lab.ssh(node, "cd " + MANIFESTS + " && sha256sum *.yaml /var/lib/kubelet/config.yaml; "
                + "ls /etc/kubernetes/tmp 2>/dev/null; true");
    }

    private static String manifests(String state) {
        return String.join("\n", state.lines().filter(l -> l.endsWith(".yaml") && !l.contains("/var/lib")).toList());
    }

    private static boolean etcdHealthy(Lab lab, LabNode node) {
        return lab.ssh(node, "ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert "
                + "/etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key "
                + "/etc/kubernetes/pki/etcd/healthcheck-client.key -w json endpoint health; true")
                .contains("\"health\":true");
    }
}
