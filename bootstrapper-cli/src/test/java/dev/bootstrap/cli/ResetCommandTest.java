package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** bootstrap reset on a --rootfs laid out like a control plane. */
class ResetCommandTest {

    @TempDir
    Path rootfs;

    @BeforeEach
    void controlPlane() throws IOException {
        for (String f : List.of("etc/kubernetes/admin.conf", "etc/kubernetes/kubelet.conf",
                "etc/kubernetes/manifests/kube-apiserver.yaml", "etc/kubernetes/pki/ca.crt",
                "var/lib/etcd/member/snap/db", "var/lib/kubelet/config.yaml", "etc/kubernetes/keep.conf")) {
            Files.createDirectories(rootfs.resolve(f).getParent());
            Files.writeString(rootfs.resolve(f), f);
        }
    }

    private CliBasicsTest.Run reset(Optional<String> answer, String... args) {
        CommandLine cli = Main.commandLineFor("reset");
        ((ResetCommand) cli.getSubcommands().get("reset").getCommand()).prompt = q -> answer;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] argv = new String[args.length + 3];
        argv[0] = "reset";
        argv[1] = "--rootfs";
        argv[2] = rootfs.toString();
        System.arraycopy(args, 0, argv, 3, args.length);
        return new CliBasicsTest.Run(cli.execute(argv), out.toString(), err.toString());
    }

    @Test
    void resetsTheLocalNodeOneLinePerPhaseThenChangesNothing() throws Exception {
        CliBasicsTest.Run run = reset(Optional.empty(), "--force");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("[preflight] unchanged ("), run.out());
        assertTrue(run.out().contains("[remove-etcd-member] done ("), run.out());
        assertTrue(run.out().contains("    Deleted contents of the etcd data directory: /var/lib/etcd\n"), run.out());
        assertTrue(run.out().contains("[cleanup-node] done ("), run.out());
        assertTrue(run.out().contains("    Deleted files: [/etc/kubernetes/admin.conf, /etc/kubernetes/kubelet.conf]\n"),
                run.out());
        assertTrue(run.out().contains("The reset process deleted the contents of /etc/cni/net.d, /var/lib/cni, "
                + "/run/flannel and the CNI's links"), run.out());
        assertTrue(run.out().contains("$HOME/.kube/config"));
        assertFalse(Files.exists(rootfs.resolve("etc/kubernetes/admin.conf")));
        assertTrue(Files.exists(rootfs.resolve("etc/kubernetes/keep.conf")));
        assertTrue(run.out().endsWith("\n2 phases changed\n"), run.out());

        CliBasicsTest.Run text = reset(Optional.empty(), "--force");
        assertTrue(text.out().endsWith("\nNothing changed: localhost had nothing left to reset\n"), text.out());
        CliBasicsTest.Run again = reset(Optional.empty(), "--force", "-o", "json");
        assertEquals(0, again.exit(), again.out());
        List<JsonNode> lines = again.out().lines().map(l -> JsonMapper.shared().readTree(l)).toList();
        JsonNode result = lines.get(lines.size() - 1);
        assertEquals("success", result.path("result").asString());
        assertEquals(0, result.path("changed").asInt(), "a second reset changes nothing");
        assertTrue(lines.stream().anyMatch(l -> l.path("phase").asString().equals("cleanup-node")
                && l.path("status").asString().equals("unchanged")), again.out());
        assertEquals(3, lines.get(lines.size() - 2).path("reminders").size());
    }

    /** reset phase NAME (made from reset's phase list) runs that phase alone, with reset's flags. */
    @Test
    void resetPhaseRunsOnePhase() {
        CliBasicsTest.Run run = CliBasicsTest.run("reset", "phase", "cleanup-node", "--rootfs", rootfs.toString(),
                "--force");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("[cleanup-node] done ("), run.out());
        assertFalse(run.out().contains("[preflight]") || run.out().contains("[remove-etcd-member]"), run.out());
        assertFalse(Files.exists(rootfs.resolve("etc/kubernetes/admin.conf")));
        assertTrue(Files.exists(rootfs.resolve("var/lib/etcd/member/snap/db")), "remove-etcd-member did not run");
        CliBasicsTest.Run help = CliBasicsTest.run("reset", "phase", "--help");
        for (String phase : List.of("preflight", "remove-etcd-member", "cleanup-node")) {
            assertTrue(help.out().contains("  " + phase + " "), help.out());
        }
        assertEquals(2, CliBasicsTest.run("reset", "phase").exit());
    }

    @Test
    void theLogFileHoldsEveryCommandWithItsExitStatusAndIsPrivate() throws Exception {
        Path log = rootfs.getParent().resolve(rootfs.getFileName() + ".log");
        CliBasicsTest.Run run = reset(Optional.empty(), "--force", "--log-file", log.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(log)));
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.get(0).matches("\\S+ - log: opened by pid \\d+"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ localhost run \\d+ms exit 0: id -u \\| stdout: 0 .*")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ localhost read \\d+ms absent: "
                + "/etc/kubernetes/manifests/etcd.yaml")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.matches("\\S+ localhost run \\d+ms exit 0: rc=0\\\\n.*rm -f -- .*"
                + "admin.conf.*")), String.join("\n", lines));
        Files.delete(log);

        CliBasicsTest.Run nowhere = reset(Optional.empty(), "--force", "--log-file", rootfs.resolve("no/such/dir/log")
                .toString());
        assertEquals(2, nowhere.exit(), nowhere.out() + nowhere.err());
        assertTrue(nowhere.err().contains("--log-file: cannot open the debug log " + rootfs.resolve("no/such/dir/log")),
                nowhere.err());
    }

    @Test
    void theKubeletIsStoppedThroughTheChosenServiceManager() throws Exception {
        Path stopped = rootfs.resolve("kubelet-stopped");
        CliBasicsTest.Run run = reset(Optional.empty(), "--force", "--service-manager=commands", "--service-start=true",
                "--service-stop=echo \"$SERVICE\" > " + stopped, "--service-status=test ! -e " + stopped);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals("kubelet\n", Files.readString(stopped));
    }

    @Test
    void askingFirstAndNoMeansNothingChanges() throws Exception {
        CliBasicsTest.Run no = reset(Optional.of("n"));
        assertEquals(1, no.exit());
        assertEquals("error: reset aborted: nothing was changed\n", no.err());
        assertTrue(Files.exists(rootfs.resolve("etc/kubernetes/admin.conf")));

        CliBasicsTest.Run yes = reset(Optional.of("y"));
        assertEquals(0, yes.exit(), yes.err());
        assertFalse(Files.exists(rootfs.resolve("etc/kubernetes/admin.conf")));
    }

    @Test
    void dryRunPrintsWhatWouldBeDoneWithoutAskingOrChanging() throws Exception {
        CliBasicsTest.Run run = reset(Optional.of("n"), "--dry-run");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("    [dryrun] Would delete contents of directories: [/etc/kubernetes/manifests, "
                + "/var/lib/kubelet, /etc/kubernetes/pki]\n"), run.out());
        assertTrue(run.out().contains("The reset process would delete the contents of /etc/cni/net.d"), run.out());
        assertTrue(Files.exists(rootfs.resolve("etc/kubernetes/admin.conf")));
        assertTrue(Files.exists(rootfs.resolve("var/lib/etcd/member/snap/db")));
    }

    @Test
    void anUnreachableNodeFailsAloneAndTheExitCodeSaysSo() {
        CliBasicsTest.Run run = reset(Optional.empty(), "--force", "--node", "localhost", "--node", "root@127.0.0.1:1");
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("[cleanup-node] localhost done ("), run.out());
        assertTrue(run.out().contains("FAILED root@127.0.0.1:1 at phase preflight: [root@127.0.0.1:1] cannot connect "
                + "to 127.0.0.1 port 1"), run.out());
        assertEquals(2, reset(Optional.empty(), "--force", "--parallel", "0").exit());
    }
}
