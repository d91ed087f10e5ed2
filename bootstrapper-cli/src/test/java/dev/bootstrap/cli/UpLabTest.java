package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.MockApiServer;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabKubelets;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootstrap up -f} on the lab: one control plane and workers, over real SSH, real etcd in
 * node1 (started by the kubelet stand-in from the generated manifest), the fabric8 CRUD mock as the
 * API server behind a TLS terminator with the generated certificate (API STAND-IN), and the
 * kubelets' TLS bootstrap played by {@link LabKubelets}.
 */
@ExtendWith(LabExtension.class)
@LabNodes(5)
class UpLabTest {

    private static final String STANDIN = "/usr/local/bin/kubelet-standin";

    @Test
    void upBuildsResumesAfterSigkillConvergesAddsOnlyNewNodesAndRespectsTheLock(Lab lab, @TempDir Path dir)
            throws Exception {
        for (LabNode node : lab.nodes()) {
            installStandIn(lab, node);
        }
        try (MockApiServer api = new MockApiServer(InetAddress.getByName(lab.bridgeAddress()));
             KubernetesClient direct = api.client();
             LabKubelets kubelets = new LabKubelets(lab, lab.node(1), direct, lab.nodes())) {
            // node1's kubelet would register it; the stand-in cannot.
            direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().build()).create();
            String upstream = lab.bridgeAddress() + ":" + api.port();
            Path file = clusterFile(lab, dir, upstream, 4);

            // 1. A run killed with SIGKILL in the middle (a worker is mid-join), then finished by the next run.
            Process killed = upProcess(file, dir.resolve("killed.log"));
            waitFor(lab, lab.node(2), "test -e /etc/kubernetes/bootstrap-kubelet.conf || test -e /etc/kubernetes/kubelet.conf",
                    killed, dir.resolve("killed.log"));
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(lab.ssh(lab.node(1), "cat /etc/kubernetes/bootstrap/lock").contains("command=bootstrap up -f"),
                    "the killed run left its lock behind");

            CliBasicsTest.Run resumed = up(file);
            assertEquals(0, resumed.exit(), resumed.out() + resumed.err() + "\nkubelets: " + kubelets.lastError());
            assertTrue(resumed.out().contains("took over the lock of a run that is gone"), resumed.out());
            assertTrue(resumed.out().contains("Cluster lab is up: 4 nodes"), resumed.out());
            for (int i = 2; i <= 4; i++) {
                assertJoined(lab, lab.node(i));
            }
            assertEquals("absent", lab.ssh(lab.node(1), "test -e /etc/kubernetes/bootstrap/lock && echo present "
                    + "|| echo absent").strip(), "the lock is released at the end");
            assertEquals(List.of("node1", "node2", "node3", "node4"), direct.nodes().list().getItems().stream()
                    .map(n -> n.getMetadata().getName()).sorted().toList());
            String health = lab.ssh(lab.node(1), "ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 "
                    + "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt "
                    + "--key /etc/kubernetes/pki/etcd/healthcheck-client.key endpoint health");
            assertTrue(health.contains("is healthy"), health);

            // 2. On a converged cluster nothing changes; -o json gives events and a final result object.
            CliBasicsTest.Run again = up(file, "-o", "json");
            assertEquals(0, again.exit(), again.out() + again.err());
            String last = again.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            assertTrue(last.startsWith("{\"result\":\"success\",\"cluster\":\"lab\",\"changed\":0,"), last);
            assertTrue(again.out().lines().anyMatch(l -> l.contains("\"phase\":\"kubelet-start\",\"host\":\"node3\"")),
                    again.out());

            // 3. A fifth node the orchestrator cannot reach: the others are untouched, exit 1 names it.
            Path five = clusterFile(lab, dir, upstream, 5);
            lab.isolateFromHost(lab.node(5));
            CliBasicsTest.Run unreachable;
            try {
                unreachable = up(five);
            } finally {
                lab.reconnectToHost(lab.node(5));
            }
            assertEquals(1, unreachable.exit(), unreachable.out() + unreachable.err());
            assertTrue(unreachable.out().contains("Cluster lab is NOT up: 1 of 5 nodes failed, 0 changed."),
                    unreachable.out());
            assertTrue(unreachable.out().contains("  node5 (connect): "), unreachable.out());
            assertTrue(unreachable.out().contains("[certs] node1 unchanged"), unreachable.out());
            assertTrue(unreachable.out().contains("done by an earlier run, its files unchanged (journal)"),
                    unreachable.out());
            String journal = lab.ssh(lab.node(2), "cat /etc/kubernetes/bootstrap/journal.json");
            assertTrue(journal.contains("\"kubelet-start\"") && journal.contains("/etc/kubernetes/kubelet.conf"), journal);

            // 4. With it back, only it changes.
            CliBasicsTest.Run added = up(five, "-o", "json");
            assertEquals(0, added.exit(), added.out() + added.err());
            String result = added.out().strip().lines().reduce((a, b) -> b).orElseThrow();
            for (int i = 1; i <= 4; i++) {
                assertTrue(result.contains("{\"node\":\"node" + i + "\",\"status\":\"ok\",\"changed\":0,"), result);
            }
            Matcher changed = Pattern.compile("\\{\"node\":\"node5\",\"status\":\"ok\",\"changed\":(\\d+),").matcher(result);
            assertTrue(changed.find() && Integer.parseInt(changed.group(1)) > 0, result);
            assertJoined(lab, lab.node(5));

            // 5. A live lock of another run refuses the run and names its holder; nothing is touched.
            lab.ssh(lab.node(1), "printf 'token=t1\\nowner=alice@laptop\\npid=4242\\nsince=2026-11-22T20:00:00Z\\n"
                    + "command=bootstrap up -f other.yaml\\n' > /etc/kubernetes/bootstrap/lock");
            CliBasicsTest.Run locked = up(five);
            assertEquals(1, locked.exit(), locked.out() + locked.err());
            assertTrue(locked.out().contains("the cluster is locked by alice@laptop (pid 4242)"), locked.out());
            assertFalse(locked.out().contains(" done ("), "nothing changed: " + locked.out());
            assertTrue(lab.ssh(lab.node(1), "cat /etc/kubernetes/bootstrap/lock").contains("owner=alice@laptop"),
                    "another run's lock is left alone");
        } finally {
            for (LabNode node : lab.nodes()) {
                lab.ssh(node, STANDIN + " stop || true");
            }
        }
    }

    private static CliBasicsTest.Run up(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                "--wait-timeout", "60s"));
        args.addAll(List.of(extra));
        return CliBasicsTest.run(args.toArray(String[]::new));
    }

    /** The CLI in its own JVM (same classpath as the tests), so that it can be SIGKILLed. */
    private static Process upProcess(Path file, Path log) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "up", "-f", file.toString(),
                "--ignore-preflight-errors=all", "--wait-timeout", "60s")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void waitFor(Lab lab, LabNode node, String condition, Process run, Path log) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!lab.ssh(node, "if " + condition + "; then echo yes; fi; true").strip().equals("yes")) {
            assertTrue(run.isAlive(), "up ended before it could be killed: " + Files.readString(log));
            assertTrue(System.nanoTime() < until, "no progress within 120 s: " + Files.readString(log));
            Thread.sleep(100);
        }
    }

    private static void assertJoined(Lab lab, LabNode node) {
        assertEquals("/var/lib/kubelet/pki/kubelet-client-current.pem: OK", lab.ssh(node, "openssl verify -CAfile "
                + "/etc/kubernetes/pki/ca.crt /var/lib/kubelet/pki/kubelet-client-current.pem").strip());
        assertEquals(lab.ssh(lab.node(1), "cat /etc/kubernetes/pki/ca.crt"), lab.ssh(node, "cat /etc/kubernetes/pki/ca.crt"),
                node.name() + " trusts node1's CA");
        assertTrue(lab.ssh(node, "cat /var/lib/kubelet/config.yaml").contains("kind: KubeletConfiguration"));
    }

    private static Path clusterFile(Lab lab, Path dir, String upstream, int nodes) throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            list.append("    - name: node").append(i).append("\n      address: ").append(lab.node(i).address())
                    .append("\n      role: ").append(i == 1 ? "control-plane" : "worker").append('\n');
        }
        return Files.writeString(dir.resolve("cluster-" + nodes + ".yaml"), """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: lab
                spec:
                  kubernetesVersion: v1.33.2
                  serviceManager:
                    type: commands
                    start: API_UPSTREAM=%s %s start
                    stop: %s stop
                    status: %s status
                  ssh:
                    user: root
                    keyFile: %s
                    knownHostsFile: %s
                  nodes:
                %s""".formatted(upstream, STANDIN, STANDIN, STANDIN, lab.rootKey(), lab.knownHosts(), list));
    }

    private static void installStandIn(Lab lab, LabNode node) throws Exception {
        String script;
        try (InputStream in = UpLabTest.class.getResourceAsStream("/lab/kubelet-standin.sh")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        lab.ssh(node, "cat > " + STANDIN + " <<'STANDIN_EOF'\n" + script + "STANDIN_EOF\nchmod 755 " + STANDIN);
    }
}
