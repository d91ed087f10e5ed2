package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootstrap.host.Shell;
import dev.bootstrap.testing.JoinableStandInCluster;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * bootstrap join of node2 and node3 of the lab, in parallel over SSH, against the API server
 * STAND-IN on the lab bridge (no init: our PKI and our API-side code seed it). The kubelet's part is
 * played honestly: its "service" is a marker file the join's start command creates on the node, and
 * only after this test has checked bootstrap-kubelet.conf on that node does it leave what a TLS
 * bootstrap leaves (a client certificate signed by the cluster CA, kubelet.conf, the Node object).
 */
@ExtendWith(LabExtension.class)
class JoinLabTest {

    private static final String RUNNING = "/run/lab-kubelet-running";

    private static List<String> join(Lab lab, JoinableStandInCluster cluster, String... extra) {
        List<String> args = new ArrayList<>(List.of("join", cluster.endpoint(), "--token", cluster.token().value(),
                "--discovery-token-ca-cert-hash", cluster.pin(),
                "--node", "root@node2", "--node", "root@node3", "--parallel", "2",
                "--ssh-config", lab.sshConfig().toString(), "--ssh-key", lab.rootKey().toString(),
                "--ssh-known-hosts", lab.knownHosts().toString(),
                "--ignore-preflight-errors", "all",
                "--service-manager", "commands", "--service-start", "touch " + RUNNING,
                "--service-stop", "rm -f " + RUNNING, "--service-status", "test -e " + RUNNING));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void joinsTwoNodesInParallelAndIsHarmlessTheSecondTime(Lab lab, @TempDir Path dir) throws Exception {
        try (JoinableStandInCluster cluster = JoinableStandInCluster.start(dir, lab.bridgeAddress(), lab.bridgeAddress())) {
            List<LabNode> workers = List.of(lab.node(2), lab.node(3));

            CliBasicsTest.Run dry = CliBasicsTest.run(join(lab, cluster, "--dry-run").toArray(String[]::new));
            assertEquals(0, dry.exit(), dry.out() + dry.err());
            assertTrue(dry.out().contains("root@node2: dry run, nothing changed on the node"), dry.out());
            for (LabNode node : lab.nodes()) {
                assertNothingJoined(lab, node);
            }

            Path log = dir.resolve("join-debug.log");
            CompletableFuture<CliBasicsTest.Run> run = CompletableFuture.supplyAsync(
                    () -> CliBasicsTest.run(join(lab, cluster, "--log-file", log.toString()).toArray(String[]::new)));
            playKubelets(lab, cluster, workers, run);
            CliBasicsTest.Run joined = run.get(120, TimeUnit.SECONDS);
            assertEquals(0, joined.exit(), joined.out() + joined.err());
            for (LabNode node : workers) {
                String target = "root@" + node.name();
                assertTrue(joined.out().contains("[kubelet-start] " + target + " done"), joined.out());
                assertTrue(joined.out().contains("Node " + node.name() + " is registered"), joined.out());
                assertTrue(joined.out().contains(target + ": joined the cluster"), joined.out());
                assertJoinedFiles(lab, cluster, node);
            }
            assertFalse(joined.out().contains(cluster.token().secret()), "the token secret is never printed");
            assertDebugLog(log, cluster, workers);
            assertNothingJoined(lab, lab.node(1));

            String before = lab.ssh(lab.node(2), "stat -c '%n %Y %s' /etc/kubernetes/kubelet.conf "
                    + "/etc/kubernetes/pki/ca.crt /var/lib/kubelet/config.yaml /var/lib/kubelet/kubeadm-flags.env");
            CliBasicsTest.Run again = CliBasicsTest.run(join(lab, cluster).toArray(String[]::new));
            assertEquals(0, again.exit(), again.out() + again.err());
            for (LabNode node : workers) {
                assertTrue(again.out().contains("root@" + node.name() + ": already joined the cluster; nothing changed"),
                        again.out());
                assertJoinedFiles(lab, cluster, node);
            }
            assertFalse(again.out().contains(" done ("), "no phase changed anything: " + again.out());
            assertEquals(before, lab.ssh(lab.node(2), "stat -c '%n %Y %s' /etc/kubernetes/kubelet.conf "
                    + "/etc/kubernetes/pki/ca.crt /var/lib/kubelet/config.yaml /var/lib/kubelet/kubeadm-flags.env"));
        }
    }

    /** The --log-file: private, every node's commands and written files, never the token secret. */
    private static void assertDebugLog(Path log, JoinableStandInCluster cluster, List<LabNode> workers) throws Exception {
        String logged = Files.readString(log);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        for (LabNode node : workers) {
            String host = "root@" + node.name();
            assertTrue(logged.lines().anyMatch(l -> l.matches("\\S+ " + host + " run \\d+ms exit 0: .*")), logged);
            assertTrue(logged.lines().anyMatch(l -> l.matches("\\S+ " + host + " write \\d+ms ok: "
                    + "/etc/kubernetes/bootstrap-kubelet.conf mode 0600 \\d+ bytes sha256 [0-9a-f]{64}")), logged);
        }
        assertFalse(logged.contains(cluster.token().secret()), "the token secret is masked: " + logged);
    }

    /**
     * On each node, once the join started the "kubelet" and wrote bootstrap-kubelet.conf: check that
     * file, then complete the TLS bootstrap as kubelet and controller-manager would.
     */
    private static void playKubelets(Lab lab, JoinableStandInCluster cluster, List<LabNode> nodes,
                                     CompletableFuture<CliBasicsTest.Run> run) throws Exception {
        Set<LabNode> done = new HashSet<>();
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (done.size() < nodes.size()) {
            if (run.isDone()) {
                fail("join ended before every kubelet was started: " + run.get());
            }
            assertTrue(System.nanoTime() < until, "the join did not start the kubelets within 90 s");
            for (LabNode node : nodes) {
                if (!done.contains(node) && lab.ssh(node, "test -e " + RUNNING
                        + " && test -e /etc/kubernetes/bootstrap-kubelet.conf && echo yes || true").strip().equals("yes")) {
                    checkBootstrapKubeconfig(lab, cluster, node);
                    completeBootstrap(lab, cluster, node);
                    done.add(node);
                }
            }
            Thread.sleep(100);
        }
    }

    private static void checkBootstrapKubeconfig(Lab lab, JoinableStandInCluster cluster, LabNode node) {
        assertEquals("600", lab.ssh(node, "stat -c '%a' /etc/kubernetes/bootstrap-kubelet.conf").strip());
        Config config = new KubernetesSerialization().unmarshal(lab.ssh(node, "cat /etc/kubernetes/bootstrap-kubelet.conf"),
                Config.class);
        assertEquals("tls-bootstrap-token-user@kubernetes", config.getCurrentContext());
        assertEquals("https://" + lab.bridgeAddress() + ":" + cluster.server().port(),
                config.getClusters().get(0).getCluster().getServer(), "the server from cluster-info");
        assertEquals(new String(cluster.caPem(), StandardCharsets.US_ASCII), new String(Base64.getDecoder()
                .decode(config.getClusters().get(0).getCluster().getCertificateAuthorityData()), StandardCharsets.US_ASCII));
        assertEquals(cluster.token().value(), config.getUsers().get(0).getUser().getToken());
    }

    private static void completeBootstrap(Lab lab, JoinableStandInCluster cluster, LabNode node) {
        String pem = Base64.getEncoder().encodeToString(cluster.kubeletClientPem(node.name()));
        String conf = Base64.getEncoder().encodeToString(cluster.kubeletConf(node.name()));
        lab.ssh(node, "mkdir -p /var/lib/kubelet/pki && umask 077 && echo " + Shell.quote(pem) + " | base64 -d > "
                + JoinableStandInCluster.KUBELET_CLIENT_PEM + " && echo " + Shell.quote(conf)
                + " | base64 -d > /etc/kubernetes/kubelet.conf");
        cluster.server().directClient().nodes().resource(new NodeBuilder().withNewMetadata().withName(node.name())
                .endMetadata().build()).create();
    }

    private static void assertJoinedFiles(Lab lab, JoinableStandInCluster cluster, LabNode node) {
        assertEquals("644", lab.ssh(node, "stat -c '%a' /etc/kubernetes/pki/ca.crt").strip());
        assertEquals(new String(cluster.caPem(), StandardCharsets.US_ASCII), lab.ssh(node, "cat /etc/kubernetes/pki/ca.crt"));
        assertEquals(cluster.kubeletConfig(), lab.ssh(node, "cat /var/lib/kubelet/config.yaml"));
        assertEquals("700", lab.ssh(node, "stat -c '%a' /var/lib/kubelet").strip());
        assertEquals("644", lab.ssh(node, "stat -c '%a' /var/lib/kubelet/kubeadm-flags.env").strip());
        String flags = lab.ssh(node, "cat /var/lib/kubelet/kubeadm-flags.env");
        // the default release (1.37): no --pod-infra-container-image (1.35+), the CRI socket in instance-config.yaml
        assertEquals("KUBELET_KUBEADM_ARGS=\"\"\n", flags, "the node name is the host name: nothing else to say");
        assertTrue(lab.ssh(node, "cat /var/lib/kubelet/instance-config.yaml").contains("containerRuntimeEndpoint: "));
        assertEquals("gone", lab.ssh(node, "test -e /etc/kubernetes/bootstrap-kubelet.conf && echo there || echo gone")
                .strip(), "bootstrap-kubelet.conf is removed after the TLS bootstrap");
        assertEquals("running", lab.ssh(node, "test -e " + RUNNING + " && echo running || echo stopped").strip());
        // A real openssl on the node: the kubelet's certificate chains to the CA join wrote there.
        assertEquals(JoinableStandInCluster.KUBELET_CLIENT_PEM + ": OK", lab.ssh(node, "openssl verify -CAfile "
                + "/etc/kubernetes/pki/ca.crt " + JoinableStandInCluster.KUBELET_CLIENT_PEM).strip());
    }

    private static void assertNothingJoined(Lab lab, LabNode node) {
        assertEquals("none", lab.ssh(node, "ls /etc/kubernetes /var/lib/kubelet 2>/dev/null | grep -v : | grep . "
                + "|| echo none").strip(), node.name() + " got files");
        assertEquals("stopped", lab.ssh(node, "test -e " + RUNNING + " && echo running || echo stopped").strip());
    }
}
