package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.apiserver.MarkControlPlane;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import dev.bootstrap.testing.lab.LocalCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fault suite (docs/reliability.md): {@code bootstrap up} on a lab of one control plane and two workers,
 * each scenario a fault injected into a run on a fresh cluster ({@code reset -f} and a fresh API stand-in), then
 * a recovery run that must succeed, a second one that must change nothing, and {@link NodeIntegrity} on every
 * node. A run that must be killed or signalled is its own process ({@link UpProcess}); the others run here.
 * Every run writes a debug log, and none may hold a secret.
 */
@ExtendWith(LabExtension.class)
@LabNodes(3)
class FaultSuiteLabTest {

    private static final String LOCK = "/etc/kubernetes/bootstrap/lock";
    private static final String PKI = "/etc/kubernetes/pki";
    private static final String MID_JOIN = "test -e /etc/kubernetes/bootstrap-kubelet.conf || test -e /etc/kubernetes/kubelet.conf";

    @TempDir
    static Path dir;
    private static LabApi api;
    private static Path file;

    private Path scenario;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    static void standIns(Lab lab) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
        }
        api = LabApi.start(lab);
        file = Files.writeString(dir.resolve("cluster.yaml"), LabClusterFile.yaml(lab, "lab", api.upstream(), 3, 10));
    }

    @AfterAll
    static void stopStandIns(Lab lab) throws Exception {
        api.close();
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.stop(lab, node);
        }
    }

    /** A fresh cluster: every node reset, and an API stand-in as empty as the etcd the reset wiped. */
    @BeforeEach
    void freshCluster(Lab lab, TestInfo test) throws Exception {
        scenario = Files.createTempDirectory(dir, test.getTestMethod().orElseThrow().getName());
        CliBasicsTest.Run reset = CliBasicsTest.run("reset", "-f", file.toString(), "--force");
        assertEquals(0, reset.exit(), reset.out() + reset.err());
        int port = api.port();
        api.close();
        api = LabApi.restart(lab, port);
    }

    @AfterEach
    void endProcesses() {
        processes.forEach(Process::destroyForcibly);
    }

    /**
     * 1-4. SIGKILL at each phase boundary of the first control plane, in up's order (UpSchedule.firstControlPlane),
     * and mid-join of a worker. The kill comes once the phase's last file on node1 or last API object exists; the
     * phases that leave nothing there in the lab (prepare is off, upload-certs has no further control plane to
     * upload for, kubelet-finalize no rotated certificate, cni no network; the others connect, read, wait or make
     * keys in memory) are marked by the run's own line. The workers' TLS bootstrap is held until the kill, so that
     * the run cannot end before it.
     */
    @ParameterizedTest(name = "SIGKILL after {0}")
    @ValueSource(strings = {"connect", "keys-ahead", "lock", "prepare", "preflight", "init-configuration",
        "cluster-version", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start", "wait-control-plane",
        "upload-config", "upload-certs", "mark-control-plane", "bootstrap-token", "join-ticket", "kubelet-finalize",
        "addon", "cni", "worker-join"})
    void sigkillAtAPhaseBoundary(String boundary, Lab lab) throws Exception {
        LabNode node1 = lab.node(1);
        BooleanSupplier reached = switch (boundary) {
            case "lock" -> on(lab, node1, "test -e " + LOCK);
            case "certs" -> on(lab, node1, "test -e " + PKI + "/sa.pub");
            case "kubeconfig" -> on(lab, node1, "test -e /etc/kubernetes/kubelet.conf");
            case "etcd" -> on(lab, node1, "test -e /etc/kubernetes/manifests/etcd.yaml");
            case "control-plane" -> on(lab, node1, "test -e /etc/kubernetes/manifests/kube-scheduler.yaml");
            case "kubelet-start" -> on(lab, node1, "test -e " + KubeletStandIn.STATE + "/kubelet.pid");
            case "upload-config" -> roleBinding("kube-system", "kubeadm:kubelet-config");
            case "mark-control-plane" -> () -> api.direct().nodes().withName(node1.name()).get().getMetadata().getLabels()
                    .containsKey(MarkControlPlane.CONTROL_PLANE_LABEL);
            case "bootstrap-token" -> roleBinding("kube-public", "kubeadm:bootstrap-signer-clusterinfo");
            case "addon" -> () -> api.direct().apps().deployments().inNamespace("kube-system").withName("coredns").get() != null
                    && api.direct().apps().daemonSets().inNamespace("kube-system").withName("kube-proxy").get() != null;
            case "worker-join" -> on(lab, lab.node(2), MID_JOIN);
            default -> printed(log("killed"), "[" + boundary + "] " + node1.name() + " ");
        };
        api.kubelets().pause(true);
        try {
            Process run = start(file, "killed");
            UpProcess.waitFor(reached, run, log("killed"));
            kill(run);
        } finally {
            api.kubelets().pause(false);
        }
        // Read after the kill: what a write already on its way left is what the recovery must keep.
        String ca = lab.ssh(node1, "cat " + PKI + "/ca.crt 2>/dev/null || true");
        CliBasicsTest.Run recovery = recovers(lab, file, lab.nodes());
        // connect and keys-ahead end before the lock is taken: a kill then may leave none.
        if (!List.of("connect", "keys-ahead").contains(boundary)) {
            assertTrue(recovery.out().contains("took over the lock of a run that is gone"), recovery.out());
        }
        if (!ca.isEmpty()) {
            assertEquals(ca, lab.ssh(node1, "cat " + PKI + "/ca.crt"), "the CA made before the kill is kept");
        }
    }

    /**
     * 5. SIGKILL at random moments, each on a fresh cluster: {@code -Dfaults.kills=N} rounds (3 here; bench/soak.sh
     * runs more and has the table written to {@code -Dfaults.table}). Nothing may be lost: a CA made before the
     * kill is the CA after the recovery.
     */
    @Test
    void sigkillAtRandomMoments(Lab lab, TestInfo test) throws Exception {
        SoakTable table = new SoakTable();
        Random random = new Random();
        int kills = Integer.getInteger("faults.kills", 3);
        for (int round = 1; round <= kills; round++) {
            if (round > 1) {
                freshCluster(lab, test);
            }
            long after = 300 + random.nextInt(6000);
            Process run = start(file, "killed");
            boolean finished = run.waitFor(after, TimeUnit.MILLISECONDS);
            String ca = lab.ssh(lab.node(1), "cat " + PKI + "/ca.crt 2>/dev/null || true");
            kill(run);
            String reached = finished ? "finished before the kill" : SoakTable.phaseReached(Files.readString(log("killed")));
            Recovery r = recover(lab, file, lab.nodes());
            String lost = ca.isEmpty() || ca.equals(lab.ssh(lab.node(1), "cat " + PKI + "/ca.crt 2>/dev/null || true"))
                    ? "nothing" : "the CA made before the kill was replaced";
            table.add(round, after, reached, r, lost);
        }
        String out = System.getProperty("faults.table");
        if (out != null) {
            Files.writeString(Path.of(out), table.markdown());
        }
        assertTrue(table.allHeld(), table.markdown());
    }

    /**
     * 6. node1's connection cut while a write script is on its way (its link slowed so that the script takes a
     * while): node1 itself destroys bootstrap's connections the moment it sees the script's shell, the step runs
     * again on a new connection, and every file is whole (SshHostLabTest and WriteScriptTest cut writes at chosen
     * byte offsets).
     */
    @Test
    void connectionCutDuringAWrite(Lab lab) throws Exception {
        LabNode node1 = lab.node(1);
        slow(lab, node1);
        try {
            Process run = start(file, "cut");
            // every connection to sshd but this one ($SSH_CLIENT names its port)
            lab.ssh(node1, "timeout 60 sh -c 'until pgrep -f \"the write script arrived [c]ut short\" >/dev/null; do "
                    + "sleep 0.02; done'; p=${SSH_CLIENT#* }; ss -K \"( sport = :22 and dport != :${p%% *} )\" >/dev/null");
            assertTrue(run.waitFor(180, TimeUnit.SECONDS), Files.readString(log("cut")));
            String out = Files.readString(log("cut"));
            assertTrue(out.contains("the connection to node1 was lost"), out);
        } finally {
            unslow(lab, node1);
        }
        recovers(lab, file, lab.nodes());
    }

    /** 9. A lock left by a dead run on another machine, last refreshed 31 minutes ago: taken over, naming it. */
    @Test
    void aStaleLockFromAnotherMachineIsTakenOver(Lab lab) throws Exception {
        lab.ssh(lab.node(1), "mkdir -p /etc/kubernetes/bootstrap && printf 'token=t1\\nowner=alice@elsewhere\\npid=4242\\n"
                + "since=2026-11-22T20:00:00Z\\ncommand=bootstrap up -f other.yaml\\n' > " + LOCK
                + " && touch -d '31 minutes ago' " + LOCK);
        CliBasicsTest.Run run = recovers(lab, file, lab.nodes());
        assertTrue(run.out().contains("took over the lock of a run that is gone") && run.out().contains("alice@elsewhere"),
                run.out());
    }

    /** 10. Two runs at once: the second is refused naming the first and changes nothing; the first finishes. */
    @Test
    void twoConcurrentRuns(Lab lab) throws Exception {
        Process first = start(file, "first");
        midJoinOfNode2(lab, first, "first", () -> {
            CliBasicsTest.Run second = up(file, "second");
            assertEquals(1, second.exit(), second.out() + second.err());
            assertTrue(second.out().contains("the cluster is locked by") && second.out().contains("(pid " + first.pid()
                    + ")"), second.out());
            assertFalse(second.out().contains(" done ("), "nothing done: " + second.out());
        });
        recovers(lab, file, lab.nodes());
    }

    /** 11. Every sshd process of a worker killed mid-join (its sshd comes back): the step runs again. */
    @Test
    void sshdKilledAndRestartedOnAWorker(Lab lab) throws Exception {
        String out = midJoinOfNode2(lab, start(file, "sshd"), "sshd", () -> {
            lab.ssh(lab.node(2), "setsid sh -c 'sleep 0.2; kill -9 $(pidof sshd)' </dev/null >/dev/null 2>&1 &");
            Thread.sleep(1000);
        });
        assertTrue(out.contains("the connection to node2 was lost and made again"), out);
        recovers(lab, file, lab.nodes());
    }

    /** 12a. A worker's link cut mid-join and restored 3 s later: TCP carries on, the run converges. */
    @Test
    void aWorkersLinkCutAndRestored(Lab lab) throws Exception {
        midJoinOfNode2(lab, start(file, "cut"), "cut", () -> {
            lab.isolateFromHost(lab.node(2));
            try {
                Thread.sleep(3000);
            } finally {
                lab.reconnectToHost(lab.node(2));
            }
        });
        recovers(lab, file, lab.nodes());
    }

    interface Fault {
        void strike() throws Exception;
    }

    /**
     * Holds {@code run} mid-join of node2 (the kubelets' TLS bootstrap paused) while {@code fault} strikes; the run
     * must then succeed. Returns its output.
     */
    private String midJoinOfNode2(Lab lab, Process run, String name, Fault fault) throws Exception {
        api.kubelets().pause(true);
        try {
            UpProcess.waitFor(on(lab, lab.node(2), MID_JOIN), run, log(name));
            fault.strike();
        } finally {
            api.kubelets().pause(false);
        }
        assertTrue(run.waitFor(180, TimeUnit.SECONDS), Files.readString(log(name)));
        String out = Files.readString(log(name));
        assertEquals(0, run.exitValue(), out);
        return out;
    }

    /** 12b. A worker cut off for good: it fails alone, named; the others finish; with it back, the run converges. */
    @Test
    void aWorkerCutOffForGood(Lab lab) throws Exception {
        lab.isolateFromHost(lab.node(3));
        CliBasicsTest.Run cut;
        try {
            cut = up(file, "cut");
        } finally {
            lab.reconnectToHost(lab.node(3));
        }
        assertEquals(1, cut.exit(), cut.out() + cut.err());
        assertTrue(cut.out().contains("Cluster lab is NOT up: 1 of 3 nodes failed"), cut.out());
        assertTrue(cut.out().contains("  node3 (connect): "), cut.out());
        assertTrue(cut.out().contains("[kubelet-start] node2 done"), cut.out());
        recovers(lab, file, lab.nodes());
    }

    /** 13. Slow links (512 kbit/s towards node1 and node2): the run converges. */
    @Test
    void slowLinks(Lab lab) throws Exception {
        slow(lab, lab.node(1));
        slow(lab, lab.node(2));
        try {
            CliBasicsTest.Run run = up(file, "slow");
            assertEquals(0, run.exit(), run.out() + run.err());
        } finally {
            unslow(lab, lab.node(1));
            unslow(lab, lab.node(2));
        }
        recovers(lab, file, lab.nodes());
    }

    /** 14. A full disk under /etc/kubernetes/pki (a 64 KiB tmpfs): the error names the file and the free space. */
    @Test
    void aFullDisk(Lab lab) throws Exception {
        CliBasicsTest.Run full = withMount(lab, "size=64k", () -> up(file, "full"));
        assertEquals(1, full.exit(), full.out() + full.err());
        Matcher named = Pattern.compile("\\[node1] cannot write " + PKI + "/\\S+: no space left on device \\(\\d+ KiB free on "
                + PKI + "(/etcd)?\\); free some space and run again").matcher(full.out());
        assertTrue(named.find(), full.out());
        recovers(lab, file, lab.nodes());
    }

    /** 15. A read-only /etc/kubernetes/pki: the error names the path and the reason. */
    @Test
    void aReadOnlyDirectory(Lab lab) throws Exception {
        CliBasicsTest.Run readOnly = withMount(lab, "ro,size=1m", () -> up(file, "ro"));
        assertEquals(1, readOnly.exit(), readOnly.out() + readOnly.err());
        assertTrue(Pattern.compile("\\[node1] cannot (write|create directory) " + PKI + "\\S*.*: Read-only file system")
                .matcher(readOnly.out()).find(), readOnly.out());
        recovers(lab, file, lab.nodes());
    }

    /** 16. Garbage in a worker's journal: set aside with a warning; the node runs as one without a journal. */
    @Test
    void aDamagedJournalOnAWorker(Lab lab) throws Exception {
        assertEquals(0, up(file, "first").exit());
        lab.ssh(lab.node(2), "printf 'garbage{' > /etc/kubernetes/bootstrap/journal.json");
        CliBasicsTest.Run run = recovers(lab, file, lab.nodes());
        assertTrue(run.err().contains("W: the journal /etc/kubernetes/bootstrap/journal.json on node2 is unreadable"),
                run.err());
        assertEquals("garbage{", lab.ssh(lab.node(2), "cat /etc/kubernetes/bootstrap/journal.json.damaged-*"));
    }

    /**
     * 17. A worker whose clock is 600 s ahead: the lab's nodes share this machine's clock, so node3's date(1) is
     * shadowed on its PATH for the facts bootstrap gathers. Under --ignore-preflight-errors=all (the lab's nodes
     * fail other checks) ClockSkew is a warning naming the node; UpClockSkewTest shows the error without it.
     */
    @Test
    void aWorkerWhoseClockIsAhead(Lab lab) throws Exception {
        LabNode node3 = lab.node(3);
        lab.ssh(node3, "printf '#!/bin/sh\\ncase \"$1\" in +%%s%%N) echo $(( $(/bin/date +%%s) + 600 ))000000000;; "
                + "*) exec /bin/date \"$@\";; esac\\n' > /usr/local/bin/date && chmod 755 /usr/local/bin/date");
        CliBasicsTest.Run skewed;
        try {
            skewed = up(file, "skewed");
        } finally {
            lab.ssh(node3, "rm -f /usr/local/bin/date");
        }
        assertEquals(0, skewed.exit(), skewed.out() + skewed.err());
        assertTrue(Pattern.compile("\\[WARNING ClockSkew]: clock of node3 is (599|600)\\.\\d s ahead of node1").matcher(skewed.out())
                .find(), skewed.out());
        recovers(lab, file, lab.nodes());
    }

    /**
     * 18. A worker's host key regenerated: the run refuses that node naming both fingerprints, the others
     * finish; once known_hosts holds the new key (as after the user checked it), the run converges.
     */
    @Test
    void aChangedHostKey(Lab lab) throws Exception {
        LabNode node2 = lab.node(2);
        String knownHosts = Files.readString(lab.knownHosts());
        String keys = "/etc/ssh/ssh_host_ed25519_key /etc/ssh/ssh_host_ecdsa_key";
        String newKeys = lab.ssh(node2, "mkdir -p /root/keys && for k in " + keys + "; do cp $k $k.pub /root/keys/; "
                + "rm $k $k.pub; done; ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key; "
                + "ssh-keygen -q -t ecdsa -N '' -f /etc/ssh/ssh_host_ecdsa_key; cat /etc/ssh/ssh_host_*_key.pub; "
                + "kill $(cat /run/sshd.pid)");
        try {
            Thread.sleep(500);
            CliBasicsTest.Run refused = up(file, "refused");
            assertEquals(1, refused.exit(), refused.out() + refused.err());
            assertTrue(refused.out().contains("Cluster lab is NOT up: 1 of 3 nodes failed"), refused.out());
            assertTrue(refused.out().contains(fingerprint(lab.hostKey(node2, "ed25519"))), refused.out());
            assertTrue(newKeys.lines().map(FaultSuiteLabTest::fingerprint).anyMatch(refused.out()::contains), refused.out());
            Files.writeString(lab.knownHosts(), knownHosts.lines().filter(l -> !l.startsWith(node2.address() + " "))
                    .map(l -> l + "\n").reduce("", String::concat) + newKeys.lines()
                    .map(l -> node2.address() + " " + l.split(" ")[0] + " " + l.split(" ")[1] + "\n").reduce("", String::concat));
            recovers(lab, file, lab.nodes());
        } finally {
            lab.ssh(node2, "cp -p /root/keys/* /etc/ssh/ && kill $(cat /run/sshd.pid)");
            Files.writeString(lab.knownHosts(), knownHosts);
            Thread.sleep(500);
        }
    }

    /** 19. A worker killed mid-join and removed from the file: the run with the new file converges without it. */
    @Test
    void aNodeRemovedFromTheFileMidRun(Lab lab) throws Exception {
        api.kubelets().pause(true);
        Process run = start(file, "killed");
        UpProcess.waitFor(on(lab, lab.node(3), MID_JOIN), run, log("killed"));
        kill(run);
        api.kubelets().pause(false);
        Path two = Files.writeString(scenario.resolve("cluster-2.yaml"),
                LabClusterFile.yaml(lab, "lab", api.upstream(), 2, 10));
        recovers(lab, two, lab.nodes().subList(0, 2));
    }

    /** What a recovery brought: its run, the second run, and what the integrity check found ("" when nothing). */
    record Recovery(CliBasicsTest.Run recovery, CliBasicsTest.Run again, String integrity) {
    }

    /** A recovery run, a second one, and every node's integrity (when both runs succeeded), asserting nothing. */
    private Recovery recover(Lab lab, Path clusterFile, List<LabNode> nodes) throws Exception {
        CliBasicsTest.Run recovery = up(clusterFile, "recovery");
        CliBasicsTest.Run again = up(clusterFile, "again");
        if (recovery.exit() != 0 || again.exit() != 0) {
            return new Recovery(recovery, again, "not checked");
        }
        try (Stream<Path> logs = Files.list(scenario)) {
            NodeIntegrity.check(lab, nodes, api.direct(), logs.filter(p -> p.toString().endsWith(".debug")).toList());
            return new Recovery(recovery, again, "");
        } catch (AssertionError e) {
            return new Recovery(recovery, again, e.getMessage());
        }
    }

    /** A recovery run that must succeed, a second one that must change nothing, then every node's integrity. */
    private CliBasicsTest.Run recovers(Lab lab, Path clusterFile, List<LabNode> nodes) throws Exception {
        Recovery r = recover(lab, clusterFile, nodes);
        assertEquals(0, r.recovery().exit(), r.recovery().out() + r.recovery().err() + "\nkubelets: "
                + api.kubelets().lastError());
        assertEquals(0, r.again().exit(), r.again().out() + r.again().err());
        assertTrue(r.again().out().contains("Cluster lab is up: " + nodes.size() + " nodes, 0 changed."), r.again().out());
        assertEquals("", r.integrity());
        return r.recovery();
    }

    private CliBasicsTest.Run up(Path clusterFile, String name) {
        return CliBasicsTest.run("up", "-f", clusterFile.toString(), "--ignore-preflight-errors=all", "--wait-timeout",
                "60s", "--log-file", scenario.resolve(name + ".debug").toString());
    }

    private Process start(Path clusterFile, String name) throws Exception {
        Process p = UpProcess.start(clusterFile, log(name), "--log-file", scenario.resolve(name + ".debug").toString());
        processes.add(p);
        return p;
    }

    private Path log(String name) {
        return scenario.resolve(name + ".out");
    }

    private static void kill(Process run) throws InterruptedException {
        run.destroyForcibly();
        assertTrue(run.waitFor(10, TimeUnit.SECONDS), "up survived SIGKILL");
    }

    /** Whether the API stand-in holds the RoleBinding (the last object upload-config and bootstrap-token make). */
    private static BooleanSupplier roleBinding(String namespace, String name) {
        return () -> api.direct().rbac().roleBindings().inNamespace(namespace).withName(name).get() != null;
    }

    /** Whether the output in {@code log} holds {@code text}. */
    private static BooleanSupplier printed(Path log, String text) {
        return () -> {
            try {
                return Files.readString(log).contains(text);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    private static BooleanSupplier on(Lab lab, LabNode node, String condition) {
        return () -> lab.ssh(node, "if " + condition + "; then echo yes; fi; true").strip().equals("yes");
    }

    /** Runs {@code action} with a tmpfs of {@code options} on node1's pki directory (its own mount namespace). */
    private static CliBasicsTest.Run withMount(Lab lab, String options, java.util.concurrent.Callable<CliBasicsTest.Run> action)
            throws Exception {
        lab.ssh(lab.node(1), "mkdir -p " + PKI + " && mount -t tmpfs -o " + options + " tmpfs " + PKI);
        try {
            return action.call();
        } finally {
            lab.ssh(lab.node(1), "umount " + PKI);
        }
    }

    /** 512 kbit/s from this machine to the node (tbf: netem does not work on these machines). */
    private static void slow(Lab lab, LabNode node) {
        LocalCommand.run(List.of("tc", "qdisc", "add", "dev", lab.hostLink(node), "root", "tbf", "rate", "512kbit",
                "burst", "16kb", "latency", "500ms"));
    }

    private static void unslow(Lab lab, LabNode node) {
        LocalCommand.run(List.of("tc", "qdisc", "del", "dev", lab.hostLink(node), "root"));
    }

    private static String fingerprint(String publicKeyLine) {
        try {
            Path f = Files.createTempFile("key", ".pub");
            try {
                Files.writeString(f, publicKeyLine + "\n");
                return LocalCommand.run(List.of("ssh-keygen", "-lf", f.toString())).split("\\s+")[1];
            } finally {
                Files.delete(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
