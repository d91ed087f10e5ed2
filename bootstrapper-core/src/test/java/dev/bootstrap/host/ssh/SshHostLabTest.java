package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.ConnectionLostException;
import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.HostException;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** SshHost against real sshd nodes of the lab: users, sudo, files, timeouts, quoting, isolation. */
@ExtendWith(LabExtension.class)
class SshHostLabTest {

    private static final Duration T = Duration.ofSeconds(20);

    private static SshHost connect(Lab lab, String target, SshConnectOptions options, Map<String, String> env) {
        return new SshConnector(options, new SecretSource(env, null)).connect(target);
    }

    private static SshHost root(Lab lab, int node) {
        return connect(lab, lab.node(node).address(), lab.sshOptions().build(), Map.of());
    }

    @Test
    void rootRunsCommandsOnOneConnection(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            assertEquals(SshHost.Sudo.ROOT, host.sudo());
            assertTrue(host.authMethod().startsWith("publickey " + lab.rootKey()), host.authMethod());
            CommandResult r = host.run("hostname; id -u; echo err >&2; exit 3", T);
            assertEquals(3, r.exitCode());
            assertEquals("node1\n0\n", r.stdout());
            assertEquals("err\n", r.stderr());
            // Each command is a channel on the same connection: sshd sees one client port.
            String first = host.run("echo $SSH_CONNECTION", T).stdout();
            String second = host.run("echo $SSH_CONNECTION", T).stdout();
            assertEquals(first, second);
        }
    }

    @Test
    void oneConnectionPerNodePerRun(Lab lab) {
        try (SshHosts hosts = new SshHosts(new SshConnector(lab.sshOptions().build(), new SecretSource(Map.of(), null)))) {
            SshHost a = hosts.host(lab.node(1).address());
            assertTrue(a == hosts.host(lab.node(1).address()));
            assertTrue(a != hosts.host(lab.node(2).address()));
            for (int i = 0; i < 3; i++) {
                a.run("true", T);
            }
            String conns = lab.ssh(lab.node(1), "ss -Htn state established '( sport = :22 )' | wc -l").strip();
            // ours plus the checking ssh itself
            assertEquals("2", conns);
        }
    }

    @Test
    void nonRootUserWithPasswordlessSudo(Lab lab) {
        SshConnectOptions options = lab.sshOptions().user(Lab.NONROOT_USER).build();
        try (SshHost host = connect(lab, lab.node(2).address(), options, Map.of())) {
            assertEquals(SshHost.Sudo.NOPASSWD, host.sudo());
            assertEquals("0\n", host.run("id -u", T).stdout());
            assertEquals("lab\n", new String(host.exec("id -un", null, T).stdout(), StandardCharsets.UTF_8));
            host.writeFile("/etc/bootstrap-test/sudo.conf", "x=1\n".getBytes(StandardCharsets.UTF_8), 0640, "root:lab");
            FileStat st = host.stat("/etc/bootstrap-test/sudo.conf").orElseThrow();
            assertEquals(0640, st.mode());
            assertEquals("root", st.owner());
            assertEquals("lab", st.group());
        }
    }

    @Test
    void nonRootUserWithPasswordSudoFromEnvVariable(Lab lab) {
        SshConnectOptions options = lab.sshOptions().user(Lab.PASSWORD_SUDO_USER).sudoPasswordEnv("LAB_SUDO_PW").build();
        try (SshHost host = connect(lab, lab.node(2).address(), options, Map.of("LAB_SUDO_PW", lab.labpwPassword()))) {
            assertEquals(SshHost.Sudo.PASSWORD, host.sudo());
            assertEquals("0\n", host.run("id -u", T).stdout());
            // Content on stdin after the password line reaches the file intact.
            byte[] content = "line1\nline2\n".getBytes(StandardCharsets.UTF_8);
            host.writeFile("/root/pw-sudo.txt", content, 0600);
            assertEquals("line1\nline2\n", new String(host.readFile("/root/pw-sudo.txt").orElseThrow(),
                    StandardCharsets.UTF_8));
            // The password never shows up in a process list or the node's logs.
            String ps = host.run("ps -eo args; cat /var/log/lab-sshd.log", T).stdout();
            assertFalse(ps.contains(lab.labpwPassword()), "password visible on the node");
        }
    }

    @Test
    void passwordSudoWithoutPasswordSaysWhatToDo(Lab lab) {
        SshConnectOptions options = lab.sshOptions().user(Lab.PASSWORD_SUDO_USER).build();
        try (SshHost host = connect(lab, lab.node(2).address(), options, Map.of())) {
            HostException e = assertThrows(HostException.class, () -> host.run("true", T));
            assertTrue(e.getMessage().contains("--sudo-password-env"), e.getMessage());
        }
        SshConnectOptions wrong = lab.sshOptions().user(Lab.PASSWORD_SUDO_USER).sudoPasswordEnv("PW").build();
        try (SshHost host = connect(lab, lab.node(2).address(), wrong, Map.of("PW", "not-the-password"))) {
            HostException e = assertThrows(HostException.class, () -> host.run("true", T));
            assertTrue(e.getMessage().contains("sudo with the given password failed"), e.getMessage());
            assertFalse(e.getMessage().contains("not-the-password"));
        }
    }

    @Test
    void missingSudoIsNamed(Lab lab) {
        // /usr is copy-on-write per node: hiding sudo on node3 touches nothing else
        lab.ssh(lab.node(3), "mv /usr/bin/sudo /usr/bin/sudo.off");
        try (SshHost host = connect(lab, lab.node(3).address(), lab.sshOptions().user(Lab.NONROOT_USER).build(),
                Map.of())) {
            HostException e = assertThrows(HostException.class, () -> host.run("true", T));
            assertTrue(e.getMessage().contains("sudo is not installed"), e.getMessage());
            ConnectionProbe.Report report = ConnectionProbe.probe(host);
            assertFalse(report.sudoOk());
            assertTrue(report.sudo().contains("not installed"), report.sudo());
        } finally {
            lab.ssh(lab.node(3), "mv /usr/bin/sudo.off /usr/bin/sudo");
        }
        assertTrue(java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/sudo")));
    }

    @Test
    void hungCommandIsEndedAtItsTimeoutAndGoneOnTheNode(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            // A child in the background and one in the foreground: both must die on the node.
            CommandResult r = host.run("sleep 4711 & sleep 4712; echo never", Duration.ofSeconds(1));
            assertTrue(r.timedOut(), r.toString());
            assertEquals(-1, r.exitCode());
            assertFalse(r.stdout().contains("never"));
            String left = lab.ssh(lab.node(1), "ps -eo args | grep -c '^sleep 471[12]' || true").strip();
            assertEquals("0", left, "sleep processes still running on node1");
        }
    }

    /**
     * A file that another process keeps making and removing every 20 ms (as the kubelet removes
     * bootstrap-kubelet.conf while a join looks at it): each look sees it or not, and never fails because it
     * went away between the look's test and its stat or cat.
     */
    @Test
    void aFileRemovedWhileLookedAtIsMissingNotAnError(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            String pid = host.run("timeout 60 sh -c 'while :; do echo x > /tmp/flicker; sleep 0.02; rm -f /tmp/flicker; sleep 0.02; done'"
                    + " >/dev/null 2>&1 & echo $!", T).stdout().strip();
            try {
                int seen = 0;
                for (int i = 0; i < 150; i++) {
                    seen += host.stat("/tmp/flicker").isPresent() ? 1 : 0;
                    seen += host.readFile("/tmp/flicker").isPresent() ? 1 : 0;
                }
                assertTrue(seen > 0, "the flickering file was never seen: the test proves nothing");
            } finally {
                host.run("kill " + pid, T);
            }
        }
    }

    @Test
    void backgroundProcessHoldingTheOutputDoesNotHangTheCommand(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            long start = System.nanoTime();
            CommandResult r = host.run("sleep 4714 & echo started", Duration.ofSeconds(30));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertTrue(r.ok(), r.toString());
            assertEquals("started\n", r.stdout());
            // returned long before the 30 s timeout (not a speed claim: waiting it out would take 35 s)
            assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
            // it was not a timeout: the background process still runs (it was not killed)
            assertEquals("1", lab.ssh(lab.node(1), "ps -eo args | grep -c '^sleep 4714'").strip());
            host.run("pkill -x -f 'sleep 4714'", T);
        }
    }

    @Test
    void timeoutAlsoEndsCommandsUnderSudo(Lab lab) {
        SshConnectOptions options = lab.sshOptions().user(Lab.NONROOT_USER).build();
        try (SshHost host = connect(lab, lab.node(3).address(), options, Map.of())) {
            CommandResult r = host.run("sleep 4713", Duration.ofMillis(800));
            assertTrue(r.timedOut(), r.toString());
            String left = lab.ssh(lab.node(3), "ps -eo args | grep -c '^sleep 4713' || true").strip();
            assertEquals("0", left);
        }
    }

    @Test
    void atomicWriteSetsModeOwnerAndLeavesNoTempFile(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            host.writeFile("/etc/kubernetes/pki/ca.key", "secret".getBytes(StandardCharsets.UTF_8), 0600, "lab:lab");
            host.writeFile("/etc/kubernetes/pki/ca.key", "secret2".getBytes(StandardCharsets.UTF_8), 0600, "lab:lab");
            FileStat st = host.stat("/etc/kubernetes/pki/ca.key").orElseThrow();
            assertEquals(0600, st.mode());
            assertEquals("lab", st.owner());
            assertEquals(7, st.size());
            assertEquals(0755, host.stat("/etc/kubernetes/pki").orElseThrow().mode());
            assertEquals("ca.key\n", host.run("ls -A /etc/kubernetes/pki", T).stdout());
            assertEquals("secret2", new String(host.readFile("/etc/kubernetes/pki/ca.key").orElseThrow(),
                    StandardCharsets.UTF_8));
            // binary content survives the channel
            byte[] bin = new byte[256];
            for (int i = 0; i < bin.length; i++) {
                bin[i] = (byte) i;
            }
            host.writeFile("/var/lib/bootstrap/bin", bin, 0644);
            assertTrue(java.util.Arrays.equals(bin, host.readFile("/var/lib/bootstrap/bin").orElseThrow()));
            host.mkdirs("/var/lib/bootstrap/d1/d2", 0700);
            assertEquals(0700, host.stat("/var/lib/bootstrap/d1/d2").orElseThrow().mode());
            assertTrue(host.stat("/var/lib/bootstrap/d1/d2").orElseThrow().isDirectory());
            host.remove("/var/lib/bootstrap");
            assertEquals(Optional.empty(), host.stat("/var/lib/bootstrap"));
            assertEquals(Optional.empty(), host.readFile("/var/lib/bootstrap/bin"));
            host.remove("/var/lib/bootstrap");
        }
    }

    /** Binaries of megabytes (prepare's) arrive whole, one after another and on two connections at once. */
    @Test
    void largeWritesArriveWhole(Lab lab) throws Exception {
        byte[] big = new byte[3 * 1024 * 1024 + 12345];
        new java.util.Random(7).nextBytes(big);
        try (SshHost one = root(lab, 1); SshHost two = root(lab, 2)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
            try {
                List<java.util.concurrent.Future<?>> writes = new java.util.ArrayList<>();
                for (SshHost host : List.of(one, two)) {
                    writes.add(pool.submit(() -> {
                        for (int i = 0; i < 6; i++) {
                            host.writeFile("/var/lib/bootstrap/big" + i, big, 0755);
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> w : writes) {
                    w.get();
                }
            } finally {
                pool.shutdownNow();
            }
            for (SshHost host : List.of(one, two)) {
                assertTrue(java.util.Arrays.equals(big, host.readFile("/var/lib/bootstrap/big5").orElseThrow()));
                host.remove("/var/lib/bootstrap");
            }
        }
    }

    /** writeFiles: one round trip, each file as writeFile makes it, also under sudo with a password. */
    @Test
    void severalFilesInOneRoundTripKeepBytesModesAndOwners(Lab lab) {
        byte[] bin = new byte[256];
        for (int i = 0; i < bin.length; i++) {
            bin[i] = (byte) i;
        }
        byte[] tricky = "-----BEGIN 100% 'quoted' \\n $(touch /tmp/pwned6) `id` \"x\"\nno newline at the end".getBytes(StandardCharsets.UTF_8);
        List<FileWrite> writes = List.of(new FileWrite("/var/lib/batch/a/bin", bin, 0644, null),
                new FileWrite("/var/lib/batch/b/tricky", tricky, 0600, "lab:lab"),
                new FileWrite("/var/lib/batch/empty", new byte[0], 0640, null));
        SshConnectOptions pw = lab.sshOptions().user(Lab.PASSWORD_SUDO_USER).sudoPasswordEnv("LAB_SUDO_PW").build();
        try (SshHost root = root(lab, 1);
             SshHost sudo = connect(lab, lab.node(2).address(), pw, Map.of("LAB_SUDO_PW", lab.labpwPassword()))) {
            for (SshHost host : List.of(root, sudo)) {
                host.writeFiles(writes);
                assertTrue(java.util.Arrays.equals(bin, host.readFile("/var/lib/batch/a/bin").orElseThrow()), host.name());
                assertTrue(java.util.Arrays.equals(tricky, host.readFile("/var/lib/batch/b/tricky").orElseThrow()));
                assertEquals(0, host.readFile("/var/lib/batch/empty").orElseThrow().length);
                FileStat st = host.stat("/var/lib/batch/b/tricky").orElseThrow();
                assertEquals(0600, st.mode());
                assertEquals("lab", st.owner());
                assertEquals(0644, host.stat("/var/lib/batch/a/bin").orElseThrow().mode());
                assertEquals(0640, host.stat("/var/lib/batch/empty").orElseThrow().mode());
                assertEquals("a\nb\nempty\n", host.run("ls -A /var/lib/batch", T).stdout(), "no temporary file left");
                assertEquals("absent", host.run("test -e /tmp/pwned6 && echo present || echo absent", T).stdout().strip());
                // A failure names the files and leaves no temporary file behind.
                host.writeFile("/var/lib/batch/blocker", new byte[0], 0644);
                HostException e = assertThrows(HostException.class, () -> host.writeFiles(List.of(
                        new FileWrite("/var/lib/batch/ok", bin, 0644, null),
                        new FileWrite("/var/lib/batch/blocker/x", bin, 0644, null))));
                assertTrue(e.getMessage().contains("/var/lib/batch/blocker/x"), e.getMessage());
                assertEquals("a\nb\nblocker\nempty\nok\n", host.run("ls -A /var/lib/batch", T).stdout());
                host.remove("/var/lib/batch");
            }
        }
    }

    /**
     * A file already at a write's temporary name (here placed at the name a known token gives) is
     * neither written through nor removed: the write fails naming it, and the target keeps its content.
     */
    @Test
    void aFileInTheWayOfTheTemporaryFileFailsTheWriteAndLeavesTheTargetAlone(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            host.writeFile("/var/lib/stray/f", "old".getBytes(StandardCharsets.UTF_8), 0644);
            host.writeFile("/var/lib/stray/victim", "victim".getBytes(StandardCharsets.UTF_8), 0644);
            host.run("printf stray > /var/lib/stray/.f.5ca1ab1e0000.0 && ln -s victim /var/lib/stray/.f.5ca1ab1e0001.0"
                    + " && ln -s victim /var/lib/stray/.f.5ca1ab1e0002.1", T);
            List<Runnable> writes = List.of(
                    () -> host.writeFile("/var/lib/stray/f", "new".getBytes(StandardCharsets.UTF_8), 0600, null,
                            "5ca1ab1e0000"),
                    // a symlink: the content must not land in what it points to
                    () -> host.writeFile("/var/lib/stray/f", "new".getBytes(StandardCharsets.UTF_8), 0644, "lab:lab",
                            "5ca1ab1e0001"),
                    () -> host.writeFiles(List.of(new FileWrite("/var/lib/stray/g", new byte[] {'g'}, 0644, null),
                            new FileWrite("/var/lib/stray/f", "new".getBytes(StandardCharsets.UTF_8), 0755, null)),
                            "5ca1ab1e0002"),
                    // more content than the channel takes before the script stops unread: its error still shows
                    () -> host.writeFile("/var/lib/stray/f", new byte[8 << 20], 0600, null, "5ca1ab1e0000"));
            for (Runnable write : writes) {
                HostException e = assertThrows(HostException.class, write::run);
                assertTrue(e.getMessage().contains("cannot write") && e.getMessage().contains("/var/lib/stray/.f.5ca1ab1e000")
                        && e.getMessage().contains("is in the way of a temporary file: remove it and retry"), e.getMessage());
            }
            assertEquals("old", host.run("cat /var/lib/stray/f", T).stdout());
            assertEquals(0644, host.stat("/var/lib/stray/f").orElseThrow().mode());
            assertEquals("victim", host.run("cat /var/lib/stray/victim", T).stdout());
            assertEquals("stray", host.run("cat /var/lib/stray/.f.5ca1ab1e0000.0", T).stdout());
            // files before the one in the way were written (each is atomic on its own)
            assertEquals(".f.5ca1ab1e0000.0\n.f.5ca1ab1e0001.0\n.f.5ca1ab1e0002.1\nf\ng\nvictim\n",
                    host.run("ls -A /var/lib/stray", T).stdout());
            host.remove("/var/lib/stray");
        }
    }

    /**
     * A file is created with its final mode, never more open. Seen by stopping the write at its rename: in
     * an append-only directory files can be created but not renamed or removed, so the temporary file
     * stays as the write made it.
     */
    @Test
    void aPrivateFileIsNeverCreatedMoreOpen(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            assertEquals(0, host.run("mkdir -p /tmp/modes && chattr +a /tmp/modes", T).exitCode(),
                    "the lab's /tmp (tmpfs) takes the append-only attribute");
            try {
                HostException e = assertThrows(HostException.class, () -> host.writeFile("/tmp/modes/key",
                        "k".getBytes(StandardCharsets.UTF_8), 0600, null, "0000000000aa"));
                assertTrue(e.getMessage().contains("cannot write /tmp/modes/key"), e.getMessage());
                assertThrows(HostException.class, () -> host.writeFiles(List.of(
                        new FileWrite("/tmp/modes/conf", "c".getBytes(StandardCharsets.UTF_8), 0640, null),
                        new FileWrite("/tmp/modes/other", new byte[0], 0644, null)), "0000000000bb"));
                assertEquals(".conf.0000000000bb.0 640 1\n.key.0000000000aa.0 600 1\n", host.run(
                        "cd /tmp/modes && stat -c '%n %a %s' .[!.]* | sort", T).stdout());
            } finally {
                host.run("chattr -a /tmp/modes && rm -rf /tmp/modes", T);
            }
        }
    }

    /** A directory at the target's path is not written into: the write fails and leaves no temporary file. */
    @Test
    void aDirectoryAtTheTargetPathFailsTheWrite(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            host.writeFile("/var/lib/dirtarget/f/inside", new byte[] {'i'}, 0644);
            for (Runnable write : List.<Runnable>of(
                    () -> host.writeFile("/var/lib/dirtarget/f", new byte[] {'x'}, 0600),
                    () -> host.writeFiles(List.of(new FileWrite("/var/lib/dirtarget/g", new byte[] {'g'}, 0644, null),
                            new FileWrite("/var/lib/dirtarget/f", new byte[] {'x'}, 0600, null))))) {
                HostException e = assertThrows(HostException.class, write::run);
                assertTrue(e.getMessage().contains("/var/lib/dirtarget/f"), e.getMessage());
            }
            assertEquals("f\ng\n", host.run("ls -A /var/lib/dirtarget", T).stdout(), "no temporary file left");
            assertEquals("inside\n", host.run("ls -A /var/lib/dirtarget/f", T).stdout());
            host.remove("/var/lib/dirtarget");
        }
    }

    /**
     * The connection lost mid-content, as when `bootstrap` is killed: the process on the node taking
     * the content (cat for one file, the shell reading the script for several) is stopped once it has
     * read 1 MiB, this side's socket is closed while the rest waits for window space, then the process
     * goes on and meets the end of its input. The targets keep their old content and no temporary file
     * is left.
     */
    @Test
    void aConnectionLostMidWriteReplacesNothing(Lab lab) throws Exception {
        byte[] big = new byte[32 << 20];
        java.util.Arrays.fill(big, (byte) 'x');
        Map<String, Consumer<SshHost>> writes = Map.of(
                "cat", host -> host.writeFile("/var/lib/cut/f", big, 0644),
                "sh", host -> host.writeFiles(List.of(new FileWrite("/var/lib/cut/g", new byte[] {'n'}, 0644, null),
                        new FileWrite("/var/lib/cut/f", big, 0644, null))));
        for (var write : writes.entrySet()) {
            lab.ssh(lab.node(1), "mkdir -p /var/lib/cut && printf old >/var/lib/cut/f && printf old >/var/lib/cut/g");
            SshHost host = root(lab, 1);
            try {
                CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> write.getValue().accept(host));
                // rchar, the first line of /proc/PID/io: bytes the process has read
                String[] stopped = lab.ssh(lab.node(1), "while :; do for p in $(pgrep -x " + write.getKey() + "); do "
                        + "[ $p = $$ ] && continue; read -r _ r </proc/$p/io 2>/dev/null || continue; "
                        + "[ \"$r\" -gt 1048576 ] && kill -STOP $p && echo $p $r && exit; done; done").strip().split(" ");
                long read = Long.parseLong(stopped[1]);
                assertTrue(read < big.length - (8 << 20), write.getKey() + " took in " + read + " bytes before the cut");
                host.client().getSocket().close();
                lab.ssh(lab.node(1), "kill -CONT " + stopped[0]);
                lab.await(lab.node(1), "! kill -0 " + stopped[0] + " 2>/dev/null", Duration.ofSeconds(20));
                assertEquals("old\nold", lab.ssh(lab.node(1), "cat /var/lib/cut/f; echo; cat /var/lib/cut/g"), write.getKey());
                assertEquals("f\ng\n", lab.ssh(lab.node(1), "ls -A /var/lib/cut"), "no temporary file left");
                // This side fails the write rather than waiting out the file operation's 2 minutes (a write
                // blocked on window space wakes at sshj's connection timeout, 30 s).
                ExecutionException failed = assertThrows(ExecutionException.class, () -> writing.get(45, TimeUnit.SECONDS));
                assertTrue(failed.getCause() instanceof ConnectionLostException
                        && failed.getCause().getMessage().contains("the connection to " + lab.node(1).address()
                        + " was lost while running"), failed.toString());
            } finally {
                host.close();
                lab.ssh(lab.node(1), "rm -rf /var/lib/cut");
            }
        }
    }

    @Test
    void writesOnOneNodeAreInvisibleOnAnother(Lab lab) {
        try (SshHost n1 = root(lab, 1); SshHost n2 = root(lab, 2)) {
            n1.writeFile("/etc/kubernetes/isolation", "node1".getBytes(StandardCharsets.UTF_8), 0644);
            assertTrue(n1.readFile("/etc/kubernetes/isolation").isPresent());
            assertEquals(Optional.empty(), n2.readFile("/etc/kubernetes/isolation"));
            // and nothing reached the machine's own /etc
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/kubernetes/isolation")));
            assertTrue(java.nio.file.Files.exists(lab.stateDir().resolve("node1/upper/etc/kubernetes/isolation")));
        }
    }

    @Test
    void pathsWithShellMetacharactersCannotRunAnything(Lab lab) {
        try (SshHost host = root(lab, 1)) {
            String evil = "/tmp/x'; touch /tmp/pwned1; echo '$(touch /tmp/pwned2)`touch /tmp/pwned3`;\nx";
            host.writeFile(evil, "v".getBytes(StandardCharsets.UTF_8), 0644);
            assertEquals("v", new String(host.readFile(evil).orElseThrow(), StandardCharsets.UTF_8));
            assertTrue(host.stat(evil).orElseThrow().type() == FileStat.Type.FILE);
            host.mkdirs(evil + "dir", 0755);
            host.remove(evil);
            host.remove(evil + "dir");
            assertEquals(Optional.empty(), host.stat(evil));
            assertEquals("", host.run("ls /tmp | grep pwned || true", T).stdout());
            // a host "name" with metacharacters is refused as an invalid target before anything runs (not
            // merely unreachable: without the target check it would fail later, at name resolution)
            for (String bad : List.of("node1;touch /tmp/pwned4", "$(touch /tmp/pwned5)")) {
                HostException refused = assertThrows(HostException.class, () -> connect(lab, bad,
                        lab.sshOptions().build(), Map.of()));
                assertTrue(refused.getMessage().startsWith("[" + bad + "] invalid host '" + bad + "' in host target '"
                        + bad + "'"), refused.getMessage());
            }
            assertEquals("", host.run("ls /tmp | grep pwned || true", T).stdout(), "nothing ran on the node");
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/pwned4")));
            assertFalse(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/pwned5")));
        }
    }

    /**
     * A tunnel keeps working after a connection made while nothing listened on the node (a starting
     * component), and its thread ends with the host (sshj's accept loop would otherwise spin on).
     */
    @Test
    void aForwardSurvivesAConnectionMadeBeforeTheServerListens(Lab lab) throws Exception {
        List<Thread> forwarding;
        try (SshHost host = root(lab, 1)) {
            java.net.InetSocketAddress local = host.forward("127.0.0.1", 18080);
            forwarding = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("ssh-forward-") && t.getName().endsWith("-18080")).toList();
            assertEquals(1, forwarding.size(), "one forwarding thread");
            try (java.net.Socket early = new java.net.Socket()) {
                early.connect(local, 5000);
                early.setSoTimeout(5000);
                early.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                try {
                    early.getInputStream().read();
                } catch (java.io.IOException expected) {
                    // refused on the node: no answer
                }
            }
            lab.ssh(lab.node(1), "mkdir -p /tmp/www; echo up > /tmp/www/index.html; setsid /usr/bin/python3 -m "
                    + "http.server --bind 127.0.0.1 --directory /tmp/www 18080 >/dev/null 2>&1 </dev/null & "
                    + "for i in $(seq 50); do ss -Hltn 'sport = :18080' | grep -q . && break; sleep 0.1; done");
            try {
                java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                        java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + local.getPort() + "/"))
                                .timeout(Duration.ofSeconds(10)).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode());
                assertEquals("up\n", r.body());
            } finally {
                lab.ssh(lab.node(1), "pkill -f 'http[.]server --bind 127.0.0.1 --directory /tmp/www 18080' || true");
            }
        }
        forwarding.get(0).join(5000);
        assertFalse(forwarding.get(0).isAlive(), "the forwarding thread still runs after its host was closed");
    }
    /**
     * Closing the host ends a tunnelled connection that is still open (an idle keep-alive connection of an
     * API client): its pump thread would otherwise stay blocked in a socket read, which holds up JVM exit.
     */
    @Test
    void closingTheHostEndsTunnelledConnectionsStillOpen(Lab lab) throws Exception {
        lab.ssh(lab.node(1), "setsid socat TCP-LISTEN:18081,bind=127.0.0.1,reuseaddr,fork EXEC:'sleep 60' "
                + ">/dev/null 2>&1 </dev/null & for i in $(seq 50); do ss -Hltn 'sport = :18081' | grep -q . && break; "
                + "sleep 0.1; done");
        try (java.net.Socket open = new java.net.Socket()) {
            List<Thread> pumps;
            try (SshHost host = root(lab, 1)) {
                open.connect(host.forward("127.0.0.1", 18081), 5000);
                open.getOutputStream().write('x');
                open.getOutputStream().flush();
                long until = System.nanoTime() + 10_000_000_000L;
                do {
                    Thread.sleep(20);
                    pumps = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("soc2chan")).toList();
                } while (pumps.isEmpty() && System.nanoTime() < until);
                assertFalse(pumps.isEmpty(), "no pump thread carries the tunnelled connection");
            }
            open.setSoTimeout(10_000);
            try {
                assertEquals(-1, open.getInputStream().read(), "the tunnelled connection still delivers data");
            } catch (java.net.SocketException reset) {
                // closed by the forward: as good as end of stream
            }
            for (Thread t : pumps) {
                t.join(10_000);
                assertFalse(t.isAlive(), "a pump thread still runs after its host was closed");
            }
        } finally {
            lab.ssh(lab.node(1), "pkill -f 'socat TCP-LISTE[N]:18081' || true");
        }
    }
}
