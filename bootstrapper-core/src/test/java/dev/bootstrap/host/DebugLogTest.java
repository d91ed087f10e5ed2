package dev.bootstrap.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The debug log: secrets never reach the file; every command and file operation does, one line each. */
class DebugLogTest {

    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private String logged(Path log) throws Exception {
        return Files.readString(log);
    }

    @Test
    void masksRegistryCredentialsOfARuntimesConfig() throws Exception {
        Path file = dir.resolve("debug.log");
        String info = "{\"registry\":{\"configs\":{\"r.example\":{\"auth\":{\"username\":\"bob\","
                + "\"password\":\"pa55w0rd\",\"auth\":\"Ym9iOnBhNTV3MHJk\",\"identitytoken\":\"id-t0ken\"}}}}}";
        try (DebugLog log = DebugLog.open(file); LocalHost local = new LocalHost("node-a", dir.resolve("root"))) {
            log.wrap(local).run("printf '%s' " + Shell.quote(info), T);
        }
        String text = logged(file);
        for (String secret : List.of("pa55w0rd", "Ym9iOnBhNTV3MHJk", "id-t0ken")) {
            assertFalse(text.contains(secret), "the log holds " + secret + ":\n" + text);
        }
        assertTrue(text.contains("\"password\":\"<redacted>\""), text);
        assertTrue(text.contains("\"username\":\"bob\""), "only credentials are masked: " + text);
    }

    @Test
    void masksRegisteredSecretsTokensPrivateKeysAndCertificateKeysButKeepsTheTokenId() throws Exception {
        Path file = dir.resolve("debug.log");
        Requirements.requireTool("openssl");
        String rsaKey = new LocalHost().runChecked("openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
                + "2>/dev/null", T).stdout();
        String ecKey = new LocalHost().runChecked("openssl ecparam -name prime256v1 -genkey -noout", T).stdout();
        String rsaBody = rsaKey.lines().skip(1).findFirst().orElseThrow();
        String ecBody = ecKey.lines().skip(1).findFirst().orElseThrow();
        String certKey = "9f2c1d0e8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e";
        String password = "hunter2's pw";
        String registered = "s3cr3t-value-xyz";
        try (DebugLog log = DebugLog.open(file); LocalHost local = new LocalHost("node-a", dir.resolve("root"))) {
            log.redact(registered);
            // The sudo password reaches the log's mask list through the SSH layer's secret source.
            new SecretSource(Map.of("SUDO_PW", password), null, log::redact).secret("SUDO_PW", "sudo", "?");
            Host host = log.wrap(local);
            host.run("echo " + Shell.quote(registered) + "; echo " + Shell.quote(password), T);
            host.run("echo 'token abcdef.0123456789abcdef'; echo join --token q1w2e3.r4t5y6u7i8o9p0a1 >&2", T);
            host.run("printf '%s' " + Shell.quote(rsaKey + "trailing text\n" + ecKey), T);
            // Output cut inside a key (no END line) is masked to its end.
            host.run("printf '%s' " + Shell.quote(ecKey.substring(0, ecKey.length() / 2)), T);
            // kubeadm's upload-certs output, the key coming from a file so only the output holds it.
            host.writeFile("/key", certKey.getBytes(StandardCharsets.UTF_8), 0600);
            host.run("echo upload-certs --certificate-key " + certKey + "; echo 'Using certificate key:'; cat "
                    + Shell.quote(host.shellPath("/key")) + "; echo; echo \"certificateKey: '$(cat "
                    + Shell.quote(host.shellPath("/key")) + ")'\"", T);
            host.run("exit 0 # --certificate-key=" + certKey, T);
        }
        String text = logged(file);
        for (String secret : List.of(registered, password, Shell.quote(password), "0123456789abcdef",
                "r4t5y6u7i8o9p0a1", rsaBody, ecBody, certKey)) {
            assertFalse(text.contains(secret), "the log holds " + secret + ":\n" + text);
        }
        assertTrue(text.contains("abcdef.<redacted>"), text);
        assertTrue(text.contains("q1w2e3.<redacted>"), text);
        assertTrue(text.contains("-----BEGIN PRIVATE KEY-----<redacted>-----END PRIVATE KEY-----"), text);
        assertTrue(text.contains("-----BEGIN EC PRIVATE KEY-----<redacted>-----END EC PRIVATE KEY-----"), text);
        assertTrue(text.contains("-----BEGIN EC PRIVATE KEY-----<redacted> | stdout"), "cut key: " + text);
        assertTrue(text.contains("trailing text"), "text between keys stays: " + text);
        assertTrue(text.contains("--certificate-key <redacted>"), text);
        assertTrue(text.contains("--certificate-key=<redacted>"), text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void logsEveryCommandWithItsExitStatusAndFilesWithoutTheirContent() throws Exception {
        Path file = dir.resolve("debug.log");
        Path root = Files.createDirectories(dir.resolve("root"));
        byte[] content = "apiVersion: v1\nkind: Config\n".getBytes(StandardCharsets.UTF_8);
        try (DebugLog log = DebugLog.open(file); LocalHost local = new LocalHost("node-a", root)) {
            Host host = log.wrap(local);
            assertEquals("hello\n", host.run("echo hello", T).stdout());
            assertEquals(3, host.run("echo oops >&2\nexit 3", T).exitCode());
            assertTrue(host.run("sleep 5", Duration.ofMillis(200)).timedOut());
            assertThrows(HostException.class, () -> host.runChecked("false", T));
            host.writeFile("/etc/kubernetes/admin.conf", content, 0600);
            assertTrue(host.readFile("/etc/kubernetes/admin.conf").isPresent());
            assertTrue(host.readFile("/etc/kubernetes/missing.conf").isEmpty());
            assertTrue(host.stat("/etc/kubernetes").isPresent());
            host.mkdirs("/var/lib/kubelet", 0700);
            host.remove("/var/lib/kubelet");
        }
        List<String> lines = Files.readAllLines(file);
        String text = String.join("\n", lines);
        assertTrue(lines.get(0).matches("\\S+Z - log: opened by pid \\d+"), lines.get(0));
        assertLine(lines, "node-a run \\d+ms exit 0: echo hello \\| stdout: hello \\| stderr: ");
        assertLine(lines, "node-a run \\d+ms exit 3: echo oops >&2\\\\nexit 3 \\| stdout:  \\| stderr: oops");
        assertLine(lines, "node-a run \\d+ms timed out after \\d+ ms: sleep 5 .*");
        assertLine(lines, "node-a run \\d+ms exit 1: false .*");
        String sha = new LocalHost().runChecked("sha256sum " + Shell.quote(root.resolve("etc/kubernetes/admin.conf")
                .toString()), T).stdout().split(" ")[0];
        assertLine(lines, "node-a write \\d+ms ok: /etc/kubernetes/admin.conf mode 0600 " + content.length
                + " bytes sha256 " + sha);
        assertLine(lines, "node-a read \\d+ms found " + content.length + " bytes: /etc/kubernetes/admin.conf");
        assertLine(lines, "node-a read \\d+ms absent: /etc/kubernetes/missing.conf");
        assertLine(lines, "node-a stat \\d+ms directory mode 0755 \\d+ bytes: /etc/kubernetes");
        assertLine(lines, "node-a mkdirs \\d+ms ok: /var/lib/kubelet mode 0700");
        assertLine(lines, "node-a remove \\d+ms ok: /var/lib/kubelet");
        assertFalse(text.contains("kind: Config"), "file content is never logged: " + text);
        assertEquals(11, lines.size(), text);
    }

    @Test
    void parallelNodeTasksWriteWholeLines() throws Exception {
        Path file = dir.resolve("debug.log");
        try (DebugLog log = DebugLog.open(file); LocalHost local = new LocalHost("node-a", dir)) {
            Host host = log.wrap(local);
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                runs.add(CompletableFuture.runAsync(() -> {
                    for (int j = 0; j < 5; j++) {
                        host.run("echo task" + n + "-" + j, T);
                    }
                }));
            }
            runs.forEach(CompletableFuture::join);
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(41, lines.size());
        Pattern line = Pattern.compile(".* node-a run \\d+ms exit 0: echo (task\\d-\\d) \\| stdout: (task\\d-\\d) \\| stderr: ");
        for (String l : lines.subList(1, lines.size())) {
            Matcher m = line.matcher(l);
            assertTrue(m.matches() && m.group(1).equals(m.group(2)), l);
        }
    }

    @Test
    void appendsToAnExistingLogAndMakesItPrivate() throws Exception {
        Path file = Files.writeString(dir.resolve("debug.log"), "earlier run\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (DebugLog log = DebugLog.open(file)) {
            assertEquals(file, log.path());
        }
        assertTrue(Files.readString(file).startsWith("earlier run\n"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    private static void assertLine(List<String> lines, String regex) {
        Pattern p = Pattern.compile("\\S+Z " + regex);
        assertTrue(lines.stream().anyMatch(l -> p.matcher(l).matches()), "no line matches " + regex + " in:\n"
                + String.join("\n", lines));
    }
}
