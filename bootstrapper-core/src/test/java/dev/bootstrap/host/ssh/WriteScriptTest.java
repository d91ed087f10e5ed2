package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.FileWrite;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.lab.LocalCommand;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node side of SshHost's writes, run here by sh as sshd would run it, with the input ended after
 * chosen bytes as a lost connection ends it: the target is the old file or the new one, and no
 * temporary file is left.
 */
class WriteScriptTest {

    private static final String TOKEN = "0123456789ab";
    private static final byte[] OLD = "old".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private record Ran(int exit, String stderr) {
    }

    /** sh -c COMMAND given the first {@code sent} bytes of {@code input}, then end of input. */
    private static Ran run(String command, byte[] input, int sent) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return e.toString();
            }
        });
        try (OutputStream in = p.getOutputStream()) {
            in.write(input, 0, sent);
        } catch (IOException stoppedReading) {
            // the script ended before taking all of it: its exit status tells
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), command);
        return new Ran(p.exitValue(), err.get(5, TimeUnit.SECONDS));
    }

    private List<String> entries() throws IOException {
        return entries(dir);
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7);
        }
        return b;
    }

    /** Both forms of a single write: through cat (mode by the umask) and through install (mode 0755). */
    @Test
    void aSingleWriteCutShortOrDamagedReplacesNothing() throws Exception {
        Path target = dir.resolve("journal.json");
        String path = target.toString();
        byte[] content = "{\"steps\": [\"certs\", \"kubeconfig\"]}\n".getBytes(StandardCharsets.UTF_8);
        byte[] damaged = content.clone();
        damaged[5] ^= 1;
        int n = content.length;
        for (int mode : new int[] {0600, 0755}) {
            Files.write(target, OLD);
            String script = SshHost.writeScript(path, content, mode, null, TOKEN);
            for (int sent : new int[] {0, n / 2, n - 1}) {
                Ran r = run(script, content, sent);
                assertNotEquals(0, r.exit(), "cut after " + sent);
                assertEquals("received " + sent + " of " + n + " bytes of " + path
                        + ": the connection ended early; nothing was replaced\n", r.stderr());
                assertArrayEquals(OLD, Files.readAllBytes(target), "cut after " + sent);
                assertEquals(List.of("journal.json"), entries(), "no temporary file is left");
            }
            Ran r = run(script, damaged, n);
            assertNotEquals(0, r.exit());
            assertEquals(path + ": the " + n + " bytes received do not match their checksum; nothing was replaced\n",
                    r.stderr());
            assertArrayEquals(OLD, Files.readAllBytes(target));
            assertEquals(List.of("journal.json"), entries());

            assertEquals(new Ran(0, ""), run(script, content, n));
            assertArrayEquals(content, Files.readAllBytes(target));
            assertEquals(List.of("journal.json"), entries());
        }
    }

    /** The checksum computed here is the one cksum computes on the node, whatever the size. */
    @Test
    void aWholeWriteOfAnySizeGoesThrough() throws Exception {
        Path target = dir.resolve("f");
        for (int n : new int[] {0, 1, 255, 256, 70_000, 1 << 20}) {
            byte[] content = bytes(n);
            assertEquals(new Ran(0, ""), run(SshHost.writeScript(target.toString(), content, 0644, null, TOKEN), content, n));
            assertArrayEquals(content, Files.readAllBytes(target), n + " bytes");
        }
    }

    /**
     * The writeFiles script cut before any byte, in the first file's content, between two files and
     * before its last line: no file is replaced, no temporary file is left.
     */
    @Test
    void aSeveralFileScriptCutAnywhereRunsNothing() throws Exception {
        Path a = dir.resolve("a");
        Path b = dir.resolve("b");
        List<FileWrite> writes = List.of(new FileWrite(a.toString(), bytes(300), 0600, null),
                new FileWrite(b.toString(), "second\n".getBytes(StandardCharsets.UTF_8), 0755, null));
        byte[] script = SshHost.writeFilesScript(writes, TOKEN);
        String text = new String(script, StandardCharsets.US_ASCII);
        int firstContent = text.indexOf("printf '") + 20;
        int betweenFiles = text.indexOf("; t=\n") + 5;
        int lastLine = text.lastIndexOf('\n', text.length() - 2) + 1;
        assertTrue(firstContent < betweenFiles && betweenFiles < lastLine, text);
        for (int sent : new int[] {0, firstContent, betweenFiles, lastLine}) {
            Files.write(a, OLD);
            Files.write(b, OLD);
            Ran r = run(SshHost.WRITE_FILES_COMMAND, script, sent);
            assertNotEquals(0, r.exit(), "cut after " + sent + ": " + text.substring(0, sent));
            assertArrayEquals(OLD, Files.readAllBytes(a), "cut after " + sent);
            assertArrayEquals(OLD, Files.readAllBytes(b), "cut after " + sent);
            assertEquals(List.of("a", "b"), entries(), "no temporary file is left");
        }
        assertEquals(new Ran(0, ""), run(SshHost.WRITE_FILES_COMMAND, script, script.length));
        assertArrayEquals(bytes(300), Files.readAllBytes(a));
        assertEquals("second\n", Files.readString(b));
        assertEquals(List.of("a", "b"), entries());
    }

    /**
     * A disk that fills up mid-write (a 64 KiB tmpfs): each form names the one file that did not fit and the
     * free space, exits 28, and leaves the old file and no temporary file; a failure with space to spare (a
     * read-only mount) keeps the shell's own message.
     */
    @Test
    void aFileThatDoesNotFitIsNamedWithTheFreeSpace() throws Exception {
        Requirements.requireRoot();
        Path small = Files.createDirectory(dir.resolve("pki"));
        LocalCommand.run(List.of("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", small.toString()));
        try {
            Path target = small.resolve("ca.key");
            Files.write(target, OLD);
            Files.write(small.resolve("filler"), new byte[44 * 1024]);
            byte[] big = bytes(24 * 1024);
            String full = target + ": no space left on device (0 KiB free on " + small + ")";
            for (int mode : new int[] {0600, 0755}) {
                Ran r = run(SshHost.writeScript(target.toString(), big, mode, null, TOKEN), big, big.length);
                assertEquals(28, r.exit(), r.stderr());
                assertEquals(full, r.stderr().strip().lines().reduce((a, b) -> b).orElseThrow(), r.stderr());
                assertArrayEquals(OLD, Files.readAllBytes(target));
                assertEquals(List.of("ca.key", "filler"), entries(small), "no temporary file is left");
            }
            Path first = small.resolve("a.crt");
            byte[] script = SshHost.writeFilesScript(List.of(new FileWrite(first.toString(), OLD, 0644, null),
                    new FileWrite(target.toString(), big, 0600, null)), TOKEN);
            Ran several = run(SshHost.WRITE_FILES_COMMAND, script, script.length);
            assertEquals(28, several.exit(), several.stderr());
            assertEquals(full, several.stderr().strip().lines().reduce((a, b) -> b).orElseThrow(), several.stderr());
            assertArrayEquals(OLD, Files.readAllBytes(target));
            assertEquals(List.of("a.crt", "ca.key", "filler"), entries(small), "no temporary file is left");

            Files.delete(small.resolve("filler"));
            LocalCommand.run(List.of("mount", "-o", "remount,ro", small.toString()));
            Ran readOnly = run(SshHost.writeScript(target.toString(), OLD, 0600, null, TOKEN), OLD, OLD.length);
            assertEquals(2, readOnly.exit(), readOnly.stderr());
            assertTrue(readOnly.stderr().contains("Read-only file system"), readOnly.stderr());
        } finally {
            LocalCommand.run(List.of("umount", small.toString()));
        }
    }

    private static List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
