package dev.bootstrap.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchingHostTest {

    /** A real LocalHost that notes each batch it is given. */
    private static final class Batches extends ForwardingHost {
        final List<List<String>> batches = new ArrayList<>();
        int stats;
        int runs;

        Batches(Host host) {
            super(host);
        }

        @Override
        public void writeFiles(List<FileWrite> writes) {
            batches.add(writes.stream().map(FileWrite::path).toList());
            super.writeFiles(writes);
        }

        @Override
        public java.util.Optional<FileStat> stat(String path) {
            stats++;
            return super.stat(path);
        }

        @Override
        public CommandResult run(String command, Duration timeout) {
            runs++;
            return super.run(command, timeout);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void filesAreHeldUntilACommandThenWrittenInOneBatchInOrder(@TempDir Path root) throws Exception {
        Batches below = new Batches(new LocalHost("n1", root));
        BatchingHost host = new BatchingHost(below);
        host.writeFile("/etc/a", bytes("a1"), 0600);
        host.writeFile("/etc/sub/b", bytes("b"), 0644);
        host.writeFile("/etc/a", bytes("a2"), 0640);
        assertFalse(Files.exists(root.resolve("etc/a")), "held back");
        assertArrayEquals(bytes("a2"), host.readFile("/etc/a").orElseThrow(), "a held file reads as written");
        assertTrue(host.readFile("/etc/none").isEmpty());
        assertTrue(host.stat("/etc/sub").isEmpty(), "not written yet: the node says so");

        assertEquals("a2", host.run("cat " + Shell.quote(host.shellPath("/etc/a")), Duration.ofSeconds(10)).stdout());
        assertEquals(List.of(List.of("/etc/a", "/etc/sub/b")), below.batches);
        assertEquals("b", Files.readString(root.resolve("etc/sub/b")));
        assertEquals(0640, host.stat("/etc/a").orElseThrow().mode());
    }

    @Test
    void aStatOfAHeldFileAMkdirARemovalAndCloseWriteFirst(@TempDir Path root) {
        Batches below = new Batches(new LocalHost("n1", root));
        BatchingHost host = new BatchingHost(below);
        host.writeFile("/etc/a", bytes("a"), 0600);
        assertEquals(0600, host.stat("/etc/a").orElseThrow().mode());
        host.writeFile("/etc/b", bytes("b"), 0600);
        host.mkdirs("/etc/d", 0700);
        host.writeFile("/etc/c", bytes("c"), 0600);
        host.remove("/etc/c");
        assertTrue(host.stat("/etc/c").isEmpty(), "written, then removed: in that order");
        host.writeFile("/etc/e", bytes("e"), 0600);
        host.close();
        assertEquals(List.of(List.of("/etc/a"), List.of("/etc/b"), List.of("/etc/c"), List.of("/etc/e")), below.batches);
        assertTrue(Files.exists(root.resolve("etc/e")));
    }

    @Test
    void aFailedFlushThrowsAndDropsWhatWasHeld(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("blocker"), "a file, not a directory");
        Batches below = new Batches(new LocalHost("n1", root));
        BatchingHost host = new BatchingHost(below);
        host.writeFile("/blocker/x", bytes("x"), 0600);
        assertThrows(HostException.class, host::flush);
        host.flush();
        assertEquals(1, below.batches.size(), "nothing is written twice");
    }

    @Test
    void theSecondStatInADirectoryListsItAndLaterOnesAreAnsweredFromTheListingUntilAFlush(@TempDir Path root)
            throws Exception {
        Files.createDirectories(root.resolve("pki/etcd"));
        Files.writeString(root.resolve("pki/ca.crt"), "ca");
        Files.writeString(root.resolve("pki/odd|name"), "x");
        Files.writeString(root.resolve("pki/.hidden"), "h");
        Batches below = new Batches(new LocalHost("n1", root));
        BatchingHost host = new BatchingHost(below);
        assertTrue(host.stat("/pki/ca.crt").orElseThrow().type() == FileStat.Type.FILE);
        assertEquals(1, below.stats);
        assertTrue(host.stat("/pki/ca.key").isEmpty());
        assertTrue(host.stat("/pki/etcd").orElseThrow().isDirectory());
        assertEquals(2L, host.stat("/pki/ca.crt").orElseThrow().size());
        assertTrue(host.stat("/pki/odd|name").orElseThrow().type() == FileStat.Type.FILE);
        assertTrue(host.stat("/pki/.hidden").orElseThrow().type() == FileStat.Type.FILE);
        assertEquals(1, below.stats, "one stat, then one listing answers the rest");
        assertEquals(1, below.runs);

        host.writeFile("/pki/ca.key", bytes("k"), 0600);
        assertEquals(0600, host.stat("/pki/ca.key").orElseThrow().mode(), "a held file: written, then asked");
        Files.writeString(root.resolve("pki/new"), "n");
        assertTrue(host.stat("/pki/new").isPresent(), "the flush dropped the listing");
        assertTrue(host.stat("/absent/x").isEmpty());
        assertTrue(host.stat("/absent/y").isEmpty(), "an unlistable directory falls back to stat");
    }

    @Test
    void whenNotHoldingWritesGoThroughAfterWhatWasHeld(@TempDir Path root) {
        Batches below = new Batches(new LocalHost("n1", root));
        BatchingHost host = new BatchingHost(below);
        host.writeFile("/etc/a", bytes("a"), 0600);
        host.hold(false);
        assertTrue(Files.exists(root.resolve("etc/a")), "held files are written when holding stops");
        host.writeFile("/etc/b", bytes("b"), 0600);
        assertTrue(Files.exists(root.resolve("etc/b")), "written at once");
        host.hold(true);
        host.writeFile("/etc/c", bytes("c"), 0600);
        assertFalse(Files.exists(root.resolve("etc/c")));
        host.flush();
        assertTrue(Files.exists(root.resolve("etc/c")));
    }
}
