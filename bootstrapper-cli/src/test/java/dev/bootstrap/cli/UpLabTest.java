package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabKubelets;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void upBuildsResumesAfterSigkillConvergesAddsOnlyNewNodesAndRespectsTheLock(Lab lab, @TempDir Path dir)
            throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
        }
        try (LabApi api = LabApi.start(lab)) {
            KubernetesClient direct = api.direct();
            LabKubelets kubelets = api.kubelets();
            String upstream = api.upstream();
            Path file = clusterFile(lab, dir, upstream, 4);

            // 0. plan on fresh machines: every node is new; nothing is written anywhere.
            CliBasicsTest.Run fresh = CliBasicsTest.run("plan", "-f", file.toString(), "--detailed-exitcode");
            assertEquals(2, fresh.exit(), "changes pending: " + fresh.out() + fresh.err());
            assertTrue(fresh.out().contains("node1 (control-plane): init: new control plane: /etc/kubernetes/admin.conf "
                    + "does not exist"), fresh.out());
            assertTrue(fresh.out().contains("node3 (worker): join: new worker: /etc/kubernetes/kubelet.conf does not "
                    + "exist"), fresh.out());
            assertTrue(fresh.out().contains("Plan: 4 of 4 nodes to change."), fresh.out());
            assertEquals("none", lab.ssh(lab.node(1), "ls /etc/kubernetes 2>/dev/null | grep . || echo none").strip());

            // 1. A run killed with SIGKILL in the middle (a worker is mid-join), then finished by the next run.
            Process killed = started(UpProcess.start(file, dir.resolve("killed.log")));
            UpProcess.waitFor(lab, lab.node(2), "test -e /etc/kubernetes/bootstrap-kubelet.conf || test -e /etc/kubernetes/kubelet.conf",
                    killed, dir.resolve("killed.log"));
            killed.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            assertTrue(lab.ssh(lab.node(1), "cat /etc/kubernetes/bootstrap/lock").contains("command=bootstrap up -f"),
                    "the killed run left its lock behind");

            Path log = dir.resolve("up-debug.log");
            CliBasicsTest.Run resumed = up(file, "--log-file", log.toString());
            assertEquals(0, resumed.exit(), resumed.out() + resumed.err() + "\nkubelets: " + kubelets.lastError());
            String token = direct.secrets().inNamespace("kube-system").list().getItems().stream()
                    .filter(x -> x.getMetadata().getName().startsWith("bootstrap-token-")).findFirst().map(x ->
                            new String(java.util.Base64.getDecoder().decode(x.getData().get("token-secret"))))
                    .orElseThrow();
            String logged = Files.readString(log);
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(log)));
            for (String node : List.of("node1", "node2", "node3", "node4")) {
                // A worker the killed run had already joined may need no command now, only reads and stats.
                assertTrue(java.util.regex.Pattern.compile(" " + node + " (run|read|write|stat|mkdirs|remove) ")
                        .matcher(logged).find(), "every node's operations are logged: " + node);
            }
            assertTrue(logged.contains(" node1 run "), "commands are logged with their results (the journal's checksums)");
            assertFalse(logged.contains(token), "the token secret is never logged");
            assertTrue(resumed.out().contains("took over the lock of a run that is gone"), resumed.out());
            assertTrue(resumed.out().contains("Cluster lab is up: 4 nodes"), resumed.out());
            assertNotNull(direct.apps().daemonSets().inNamespace("kube-flannel").withName("kube-flannel-ds").get(),
                    "the cni phase applied flannel: " + resumed.out());
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
            assertTrue(again.out().contains("\"phase\":\"cni\",\"host\":\"node1\",\"status\":\"unchanged\""),
                    again.out());

            // 2b. plan agrees; a file removed behind up's back is named by plan and put back by the next up.
            CliBasicsTest.Run converged = CliBasicsTest.run("plan", "-f", file.toString(), "--detailed-exitcode");
            assertEquals(0, converged.exit(), converged.out() + converged.err());
            assertTrue(converged.out().contains("Plan: the cluster matches the file; 'bootstrap up' would change nothing."),
                    converged.out());
            Path sans = Files.writeString(dir.resolve("sans.yaml"), Files.readString(file).replace("  ssh:\n",
                    "  kubeadm:\n    apiServer:\n      certSANs: [api.lab.internal]\n  ssh:\n"));
            CliBasicsTest.Run edited = CliBasicsTest.run("plan", "-f", sans.toString());
            assertEquals(0, edited.exit(), "without --detailed-exitcode pending changes exit 0: " + edited.out());
            assertTrue(edited.out().contains("node1 (control-plane): certs: the cluster file changed since it completed"),
                    edited.out());
            lab.ssh(lab.node(1), "rm /etc/kubernetes/controller-manager.conf");
            CliBasicsTest.Run damaged = CliBasicsTest.run("plan", "-f", file.toString());
            assertTrue(damaged.out().contains("node1 (control-plane): kubeconfig: changed or missing since it completed: "
                    + "/etc/kubernetes/controller-manager.conf: up makes them again"), damaged.out());
            assertTrue(damaged.out().contains("node2 (worker): nothing to do"), damaged.out());
            CliBasicsTest.Run repaired = up(file);
            assertEquals(0, repaired.exit(), repaired.out() + repaired.err());
            assertTrue(repaired.out().contains("[kubeconfig] node1 done"), repaired.out());
            assertTrue(repaired.out().contains("Cluster lab is up: 4 nodes, 1 changed."), repaired.out());
            assertTrue(lab.ssh(lab.node(1), "cat /etc/kubernetes/controller-manager.conf").contains("system:kube-controller-manager"));

            // 2c. A garbage journal on node1 and an empty one on node3: plan names them and leaves them; up sets them
            // aside (kept, renamed with the time), warns, and runs those nodes as if they had none.
            lab.ssh(lab.node(1), "printf '{\"format\": 1, \"steps\": {\"cer' > /etc/kubernetes/bootstrap/journal.json");
            lab.ssh(lab.node(3), ": > /etc/kubernetes/bootstrap/journal.json");
            CliBasicsTest.Run damagedPlan = CliBasicsTest.run("plan", "-f", file.toString());
            assertEquals(0, damagedPlan.exit(), damagedPlan.out() + damagedPlan.err());
            assertTrue(damagedPlan.out().contains("node3 (worker): journal: the journal /etc/kubernetes/bootstrap/"
                    + "journal.json on node3 is unreadable (empty): up sets it aside"), damagedPlan.out());
            assertTrue(damagedPlan.out().contains("node1 (control-plane): journal: the journal"), damagedPlan.out());
            assertEquals("0", lab.ssh(lab.node(3), "stat -c %s /etc/kubernetes/bootstrap/journal.json").strip());
            CliBasicsTest.Run setAside = up(file);
            assertEquals(0, setAside.exit(), setAside.out() + setAside.err());
            assertTrue(setAside.err().contains("W: the journal /etc/kubernetes/bootstrap/journal.json on node1 is "
                    + "unreadable (Unexpected end-of-input"), setAside.err());
            assertTrue(setAside.err().contains("on node3 is unreadable (empty), so it was set aside as "
                    + "/etc/kubernetes/bootstrap/journal.json.damaged-"), setAside.err());
            assertEquals("{\"format\": 1, \"steps\": {\"cer", lab.ssh(lab.node(1),
                    "cat /etc/kubernetes/bootstrap/journal.json.damaged-*"), "the damaged journal is kept");
            assertTrue(lab.ssh(lab.node(3), "cat /etc/kubernetes/bootstrap/journal.json").contains("\"kubelet-start\""));
            CliBasicsTest.Run afterAside = up(file);
            assertTrue(afterAside.out().contains("Cluster lab is up: 4 nodes, 0 changed."), afterAside.out());
            assertFalse(afterAside.err().contains("W: the journal"), afterAside.err());

            // 3. A fifth node the orchestrator cannot reach: the others are untouched, exit 1 names it.
            Path five = clusterFile(lab, dir, upstream, 5);
            lab.isolateFromHost(lab.node(5));
            CliBasicsTest.Run unreachable;
            CliBasicsTest.Run unknown;
            try {
                unreachable = up(five);
                unknown = CliBasicsTest.run("plan", "-f", five.toString(), "--detailed-exitcode");
            } finally {
                lab.reconnectToHost(lab.node(5));
            }
            assertEquals(1, unreachable.exit(), unreachable.out() + unreachable.err());
            assertTrue(unreachable.out().contains("Cluster lab is NOT up: 1 of 5 nodes failed, 0 changed."),
                    unreachable.out());
            assertTrue(unreachable.out().contains("  node5 (connect): "), unreachable.out());
            assertEquals(1, unknown.exit(), unknown.out() + unknown.err());
            assertTrue(unknown.out().contains("Plan incomplete: node5 unreachable"), unknown.out());
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

            // 4b. node5 leaves the file: plan and up name it and leave it alone; up --prune resets it and deletes its Node.
            CliBasicsTest.Run planned = CliBasicsTest.run("plan", "-f", file.toString());
            assertTrue(planned.out().contains("node5: removed from the file, still in the cluster"), planned.out());
            CliBasicsTest.Run kept = up(file);
            assertEquals(0, kept.exit(), kept.out() + kept.err());
            assertTrue(kept.out().contains("Left alone: node5 (in the cluster, not in the file)"), kept.out());
            assertJoined(lab, lab.node(5));
            CliBasicsTest.Run pruned = up(file, "--prune");
            assertEquals(0, pruned.exit(), pruned.out() + pruned.err());
            assertTrue(pruned.out().contains("[delete-node] node5 done"), pruned.out());
            assertEquals("gone", lab.ssh(lab.node(5), "test -e /etc/kubernetes/kubelet.conf && echo there || echo gone").strip());
            assertEquals(null, direct.nodes().withName("node5").get());
            assertJoined(lab, lab.node(4));

            // 4c. Two runs at once: while one waits for node5's kubelet, a second is refused and names the first.
            kubelets.pause(true);
            Process first = started(UpProcess.start(five, dir.resolve("first.log")));
            UpProcess.waitFor(lab, lab.node(5), "test -e /etc/kubernetes/bootstrap-kubelet.conf", first, dir.resolve("first.log"));
            CliBasicsTest.Run second = up(five);
            kubelets.pause(false);
            assertEquals(1, second.exit(), second.out() + second.err());
            assertTrue(second.out().contains("(pid " + first.pid() + ")"), second.out());
            assertTrue(second.out().contains("running 'bootstrap up -f " + five + "'"), second.out());
            assertTrue(first.waitFor(120, TimeUnit.SECONDS), Files.readString(dir.resolve("first.log")));
            assertEquals(0, first.exitValue(), Files.readString(dir.resolve("first.log")));
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
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- node1:\n" + lab.ssh(lab.node(1), "ps -eo pid,etime,args | "
                    + "grep -v ' ps ' ; ss -ltnp; tail -n 20 /run/kubelet-standin/*.log; true"), e);
        } finally {
            processes.forEach(Process::destroyForcibly);
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }

    private final List<Process> processes = new ArrayList<>();

    private Process started(Process p) {
        processes.add(p);
        return p;
    }

    private static CliBasicsTest.Run up(Path file, String... extra) {
        List<String> args = new ArrayList<>(List.of("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                "--wait-timeout", "60s"));
        args.addAll(List.of(extra));
        return CliBasicsTest.run(args.toArray(String[]::new));
    }

    private static void assertJoined(Lab lab, LabNode node) {
        assertEquals("/var/lib/kubelet/pki/kubelet-client-current.pem: OK", lab.ssh(node, "openssl verify -CAfile "
                + "/etc/kubernetes/pki/ca.crt /var/lib/kubelet/pki/kubelet-client-current.pem").strip());
        assertEquals(lab.ssh(lab.node(1), "cat /etc/kubernetes/pki/ca.crt"), lab.ssh(node, "cat /etc/kubernetes/pki/ca.crt"),
                node.name() + " trusts node1's CA");
        assertTrue(lab.ssh(node, "cat /var/lib/kubelet/config.yaml").contains("kind: KubeletConfiguration"));
    }

    /** The lab's cluster file with flannel as its pod network. */
    private static Path clusterFile(Lab lab, Path dir, String upstream, int nodes) throws Exception {
        return Files.writeString(dir.resolve("cluster-" + nodes + ".yaml"), LabClusterFile.yaml(lab, "lab", upstream,
                nodes, 10).replace("  nodes:\n", "  networking:\n    podSubnet: 10.244.0.0/16\n  addons:\n    cni:\n"
                + "      type: flannel\n  nodes:\n"));
    }
}
