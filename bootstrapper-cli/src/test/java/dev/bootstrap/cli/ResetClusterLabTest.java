package dev.bootstrap.cli;

import dev.bootstrap.config.VersionTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * bootstrap reset -f FILE on the lab's real sshd nodes: node1 the control plane, node2 and node3
 * workers (node3 reached as a non-root user whose sudo wants a password), with a --log-file.
 */
@ExtendWith(LabExtension.class)
@LabNodes(3)
class ResetClusterLabTest {

    private static final String RUNNING = "/run/lab-kubelet-running";
    private static final String PASSWORD_VAR = "LAB_SUDO_PASSWORD";
    /** What init or join leaves on a node that reset must remove. */
    private static final List<String> NODE_FILES = List.of("/etc/kubernetes/pki/ca.crt",
            "/etc/kubernetes/manifests/kube-apiserver.yaml", "/etc/kubernetes/kubelet.conf",
            "/var/lib/kubelet/config.yaml", "/etc/kubernetes/bootstrap/journal.json", RUNNING);

    @TempDir
    Path dir;

    private Path clusterFile(Lab lab) throws Exception {
        LabNode n1 = lab.node(1);
        LabNode n2 = lab.node(2);
        LabNode n3 = lab.node(3);
        String yaml = """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: lab
                spec:
                  kubernetesVersion: %9$s
                  prepare:
                    enabled: false
                  serviceManager:
                    type: commands
                    start: touch %5$s
                    stop: rm -f %5$s
                    status: test -e %5$s
                  concurrency: 2
                  ssh:
                    user: root
                    keyFile: %6$s
                    knownHostsFile: %7$s
                  nodes:
                    - name: node1
                      address: %1$s
                      role: control-plane
                    - name: node2
                      address: %2$s
                      role: worker
                    - name: node3
                      address: %3$s
                      role: worker
                      ssh:
                        user: %4$s
                        sudoPasswordEnv: %8$s
                """.formatted(n1.address(), n2.address(), n3.address(), Lab.PASSWORD_SUDO_USER, RUNNING,
                lab.rootKey(), lab.knownHosts(), PASSWORD_VAR, VersionTable.DEFAULT_VERSION);
        return Files.writeString(dir.resolve("cluster.yaml"), yaml);
    }

    private static void populate(Lab lab, LabNode node) {
        StringBuilder s = new StringBuilder("set -e\n");
        for (String f : NODE_FILES) {
            s.append("mkdir -p ").append(f, 0, f.lastIndexOf('/')).append("; echo x > ").append(f).append('\n');
        }
        lab.ssh(node, s.toString());
    }

    private static List<String> present(Lab lab, LabNode node) {
        String out = lab.ssh(node, "for f in " + String.join(" ", NODE_FILES) + "; do [ -e $f ] && echo $f; done; true");
        return out.lines().toList();
    }

    private CliBasicsTest.Run reset(Lab lab, String... args) {
        CommandLine cli = Main.commandLineFor("reset");
        ResetCommand command = (ResetCommand) cli.getSubcommands().get("reset").getCommand();
        command.ssh.env = Map.of(PASSWORD_VAR, lab.labpwPassword());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        List<String> argv = new ArrayList<>(List.of("reset"));
        argv.addAll(List.of(args));
        return new CliBasicsTest.Run(cli.execute(argv.toArray(String[]::new)), out.toString(), err.toString());
    }

    @Test
    void resetsEveryNodeOfTheFileWorkersFirstThenChangesNothingAndLogsWithoutSecrets(Lab lab) throws Exception {
        Path file = clusterFile(lab);
        lab.nodes().forEach(n -> populate(lab, n));
        Path log = dir.resolve("debug.log");

        CliBasicsTest.Run dry = reset(lab, "-f", file.toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        assertTrue(dry.out().contains("    [dryrun] Would delete files: [/etc/kubernetes/kubelet.conf]"), dry.out());
        for (LabNode n : lab.nodes()) {
            assertEquals(NODE_FILES, present(lab, n), "a dry run changes nothing on " + n.name());
        }

        CliBasicsTest.Run first = reset(lab, "-f", file.toString(), "--force", "--log-file", log.toString());
        assertEquals(0, first.exit(), first.out() + first.err());
        for (LabNode n : lab.nodes()) {
            assertEquals(List.of(), present(lab, n), "reset " + n.name());
            assertTrue(first.out().contains("[cleanup-node] " + n.name() + " done"), first.out());
        }
        int node1 = first.out().indexOf("[cleanup-node] node1 done");
        assertTrue(first.out().indexOf("[cleanup-node] node2 done") < node1
                && first.out().indexOf("[cleanup-node] node3 done") < node1, "workers first: " + first.out());
        assertEquals("", lab.ssh(lab.node(1), "ls /etc/kubernetes/bootstrap | grep -vx lock.mutex || true"),
                "the lock is released and the journal gone");

        String logged = Files.readString(log);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        for (String node : List.of("node1", "node2", "node3")) {
            assertTrue(logged.lines().anyMatch(l -> l.matches("\\S+ " + node + " run \\d+ms exit 0: id -u \\|.*")),
                    "every node's commands: " + node + "\n" + logged);
        }
        assertTrue(logged.contains("node1 run ") && logged.contains("acquired"), "the lock commands: " + logged);
        assertTrue(logged.contains("/etc/kubernetes/bootstrap/journal.json"), logged);
        assertFalse(logged.contains(lab.labpwPassword()), "the sudo password is masked");

        CliBasicsTest.Run second = reset(lab, "-f", file.toString(), "--force");
        assertEquals(0, second.exit(), second.out() + second.err());
        assertTrue(second.out().contains("Nothing changed: node2, node3, node1 had nothing left to reset"),
                second.out());
        assertFalse(second.out().contains(" done ("), second.out());
    }

    @Test
    void resetsOnlyTheNamedNodeAndRefusesUnknownNamesAndAHeldLock(Lab lab) throws Exception {
        Path file = clusterFile(lab);
        lab.nodes().forEach(n -> populate(lab, n));

        CliBasicsTest.Run unknown = reset(lab, "-f", file.toString(), "--force", "--node", "node2", "--node", "node9");
        assertEquals(2, unknown.exit(), unknown.out() + unknown.err());
        assertTrue(unknown.err().contains("--node: node9 is not a node of the cluster file (its nodes: node1, node2, "
                + "node3)"), unknown.err());

        CliBasicsTest.Run only = reset(lab, "-f", file.toString(), "--force", "--node", "node2");
        assertEquals(0, only.exit(), only.out() + only.err());
        assertEquals(List.of(), present(lab, lab.node(2)));
        assertEquals(NODE_FILES, present(lab, lab.node(1)), "node1 untouched");
        assertEquals(NODE_FILES, present(lab, lab.node(3)), "node3 untouched");
        assertFalse(only.out().contains("node1") || only.out().contains("node3"), only.out());

        // Another run holds the lock: a fresh lock file on the first control plane.
        lab.ssh(lab.node(1), "printf 'token=t\\nowner=alice@elsewhere\\npid=4242\\nsince=2026-11-22T20:00:00Z\\n"
                + "command=bootstrap up -f cluster.yaml\\n' > /etc/kubernetes/bootstrap/lock");
        CliBasicsTest.Run locked = reset(lab, "-f", file.toString(), "--force");
        assertEquals(1, locked.exit(), locked.out() + locked.err());
        assertTrue(locked.err().contains("[node1] the cluster is locked by alice@elsewhere (pid 4242)"), locked.err());
        assertEquals(NODE_FILES, present(lab, lab.node(3)), "nothing reset while locked");
        lab.ssh(lab.node(1), "rm -f /etc/kubernetes/bootstrap/lock");
    }

    /**
     * SIGINT while workers are being reset (their kubelet's stop command hangs): the run stops within the grace
     * period with 130, says how to finish, and leaves no cluster lock; running it again finishes the reset.
     */
    @Test
    void anInterruptedResetReleasesTheLockAndRunningItAgainFinishes(Lab lab) throws Exception {
        Path file = clusterFile(lab);
        Path slow = Files.writeString(dir.resolve("slow.yaml"), Files.readString(file).replace("stop: rm -f ",
                "stop: sleep 30; rm -f "));
        lab.nodes().forEach(n -> populate(lab, n));
        Path log = dir.resolve("reset.log");
        Process run = UpProcess.command(log, Map.of(PASSWORD_VAR, lab.labpwPassword()),
                List.of("reset", "-f", slow.toString(), "--force"));
        try {
            UpProcess.waitForOutput("[remove-etcd-member] node2 ", run, log);
            assertTrue(lab.ssh(lab.node(1), "test -e /etc/kubernetes/bootstrap/lock && echo held || true").contains("held"),
                    "the run holds the lock");
            UpProcess.signal(run, "INT");
            assertTrue(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), Files.readString(log));
            assertEquals(130, run.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("interrupted; run `bootstrap reset -f " + slow + "` again to finish"),
                    Files.readString(log));
            assertEquals("free", lab.ssh(lab.node(1), "test -e /etc/kubernetes/bootstrap/lock && echo held || echo free")
                    .strip(), "the lock is released");
            assertEquals(NODE_FILES, present(lab, lab.node(1)), "node1, reset last, was not reached");
        } finally {
            run.destroyForcibly();
        }
        CliBasicsTest.Run again = reset(lab, "-f", file.toString(), "--force");
        assertEquals(0, again.exit(), again.out() + again.err());
        for (LabNode node : lab.nodes()) {
            assertEquals(List.of(), present(lab, node), node.name());
        }
    }
}
