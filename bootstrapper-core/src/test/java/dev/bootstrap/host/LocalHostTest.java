package dev.bootstrap.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalHostTest {

    @TempDir
    Path root;

    @Test
    void writesAtomicallyWithModeUnderTheRootfs() throws Exception {
        LocalHost host = new LocalHost("n1", root);
        host.writeFile("/etc/kubernetes/pki/ca.key", "secret".getBytes(), 0600);
        Path file = root.resolve("etc/kubernetes/pki/ca.key");
        assertArrayEquals("secret".getBytes(), Files.readAllBytes(file));
        assertEquals(0600, host.stat("/etc/kubernetes/pki/ca.key").orElseThrow().mode());
        assertEquals(0755, host.stat("/etc/kubernetes/pki").orElseThrow().mode());
        try (var files = Files.list(file.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
        host.writeFile("/etc/kubernetes/pki/ca.key", "other".getBytes(), 0600);
        assertArrayEquals("other".getBytes(), host.readFile("/etc/kubernetes/pki/ca.key").orElseThrow());
    }

    @Test
    void refusesPathsThatLeaveTheRootfs() {
        LocalHost host = new LocalHost("n1", root);
        assertThrows(HostException.class, () -> host.writeFile("/../escape", new byte[0], 0644));
        assertThrows(HostException.class, () -> host.readFile("relative/path"));
    }

    @Test
    void missingFilesAreEmptyAndRemoveIsIdempotent() {
        LocalHost host = new LocalHost("n1", root);
        assertTrue(host.readFile("/nope").isEmpty());
        assertTrue(host.stat("/nope").isEmpty());
        host.mkdirs("/var/lib/etcd/member", 0700);
        assertEquals(0700, host.stat("/var/lib/etcd/member").orElseThrow().mode());
        host.remove("/var/lib/etcd");
        host.remove("/var/lib/etcd");
        assertFalse(Files.exists(root.resolve("var/lib/etcd")));
    }

    /** A file where a directory must be: fails even for root, and names host and path. */
    @Test
    void unwritablePathIsAnErrorNamingTheHostAndPath() throws Exception {
        Files.writeString(root.resolve("blocker"), "a file, not a directory");
        LocalHost host = new LocalHost("n1", root);
        HostException e = assertThrows(HostException.class, () -> host.writeFile("/blocker/x", new byte[1], 0644));
        assertTrue(e.getMessage().startsWith("[n1] cannot create directory"), e.getMessage());
        assertTrue(e.getMessage().contains("/blocker/x") && e.getMessage().contains("a file is in the way"), e.getMessage());
    }

    @Test
    void runReportsExitOutputAndEndsAHungCommandAtItsTimeout() {
        LocalHost host = new LocalHost();
        CommandResult ok = host.run("echo out; echo err >&2; exit 3", Duration.ofSeconds(10));
        assertEquals(3, ok.exitCode());
        assertEquals("out\n", ok.stdout());
        assertEquals("err\n", ok.stderr());
        long start = System.nanoTime();
        CommandResult hung = host.run("sleep 300 & wait", Duration.ofMillis(300));
        assertTrue(hung.timedOut());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "returned near the timeout");
        assertThrows(HostException.class, () -> host.runChecked("false", Duration.ofSeconds(5)));
    }
}
