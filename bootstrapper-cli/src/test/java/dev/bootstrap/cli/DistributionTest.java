package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/dist.sh's tarball and .deb, made once from the jar this build packaged (the integration-test phase of
 * {@code mvn verify}, bootstrapper-cli/pom.xml), and run the way a machine without Java runs them.
 */
class DistributionTest {

    private static final Path REPO = Path.of(System.getProperty("maven.multiModuleProjectDirectory", "..")).toAbsolutePath();

    @TempDir
    static Path out;

    private static Path tarball;
    private static Path deb;

    record Run(int exit, String output) {
    }

    @BeforeAll
    static void dist() throws Exception {
        String jar = System.getProperty("bootstrap.dist.jar");
        Assumptions.assumeTrue(jar != null, "runs after package, in mvn verify's integration-test phase");
        Requirements.requireTool("dpkg-deb");
        Run dist = run(Map.of(), REPO.resolve("scripts/dist.sh").toString(), "--jar", jar, "--out", out.toString());
        assertEquals(0, dist.exit(), dist.output());
        tarball = only("*.tar.gz");
        deb = only("*.deb");
        assertTrue(tarball.getFileName().toString().matches("bootstrap-.+-linux-(amd64|arm64)\\.tar\\.gz"), tarball.toString());
    }

    @Test
    void tarballRunsOnItsOwnRuntimeWithNoJavaAnywhereElse(@TempDir Path dir) throws Exception {
        assertEquals(0, run(Map.of(), "tar", "-C", dir.toString(), "-xzf", tarball.toString()).exit());
        Path home = dir.resolve("bootstrap");
        String runtime = home.resolve("runtime").toString();
        // Nothing but the runtime: the launcher gets there on bash builtins.
        Run version = run(Map.of("PATH", runtime + "/bin", "JAVA_HOME", runtime), "/bin/bash",
                home.resolve("bin/bootstrap").toString(), "version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().startsWith("bootstrap version: &version.Info{Major:"), version.output());
        assertTrue(version.output().contains("GoVersion:\"java"), version.output());
        // The caches made at build time, one per kind of command, are used where the tree was unpacked (AOTMode=on
        // fails a run that cannot map its cache).
        Map<String, String> cacheRequired = Map.of();
        if (Files.readString(home.resolve("runtime/release")).matches("(?s).*JAVA_VERSION=\"(2[5-9]|[3-9][0-9]).*")) {
            for (String kind : List.of("short", "certs", "full")) {
                assertTrue(Files.size(home.resolve("lib/bootstrap-" + kind + ".aot")) > 0, kind);
            }
            cacheRequired = Map.of("BOOTSTRAP_JAVA_OPTS", "-XX:AOTMode=on");
            Map<String, String> env = Map.of("PATH", runtime + "/bin", "BOOTSTRAP_JAVA_OPTS", "-XX:AOTMode=on");
            Run cached = run(env, "/bin/bash", home.resolve("bin/bootstrap").toString(), "version", "-o", "short");
            assertEquals(0, cached.exit(), cached.output());
            Run certs = run(env, "/bin/bash", home.resolve("bin/bootstrap").toString(), "init", "phase", "certs", "ca",
                    "--encryption-algorithm", "ECDSA-P256", "--cert-dir", dir.resolve("pki").toString());
            assertEquals(0, certs.exit(), certs.output());
        }
        // init runs the node's own tools (sh, uname, ...): the system's commands, less every one that is a JDK's.
        Path tools = Files.createTempDirectory("tools");
        Run init;
        try {
            Map<String, String> env = new HashMap<>(cacheRequired);
            env.putAll(Map.of("PATH", toolsWithoutJava(tools) + ":" + runtime + "/bin", "JAVA_HOME", runtime));
            init = run(env,
                    home.resolve("bin/bootstrap").toString(), "init", "--dry-run", "--ignore-preflight-errors=all");
        } finally {
            run(Map.of(), "rm", "-rf", tools.toString());
        }
        assertEquals(0, init.exit(), init.output());
        assertTrue(init.output().contains("bootstrap join "), init.output());
        // From a symlink elsewhere, as /usr/bin/bootstrap (resolved with readlink).
        Path link = Files.createSymbolicLink(dir.resolve("bootstrap-link"), home.resolve("bin/bootstrap"));
        Run viaLink = run(Map.of("PATH", "/usr/bin:/bin"), link.toString(), "version", "-o", "short");
        assertEquals(0, viaLink.exit(), viaLink.output());
        assertTrue(viaLink.output().startsWith("v"), viaLink.output());
    }

    @Test
    void debInstallsIntoAThrowAwayRootAndAnswers(@TempDir Path root) throws Exception {
        Requirements.requireRoot();
        Path admin = root.resolve("var/lib/dpkg");
        for (String d : List.of("info", "updates", "triggers")) {
            Files.createDirectories(admin.resolve(d));
        }
        Files.createFile(admin.resolve("status"));
        Files.createFile(admin.resolve("available"));
        // The package has no maintainer scripts, so dpkg --root has nothing to run inside the root; libc6 is the
        // host's, not the throw-away root's.
        Run install = run(Map.of(), "dpkg", "--root=" + root, "--force-depends", "-i", deb.toString());
        assertEquals(0, install.exit(), install.output());
        Run version = run(Map.of("PATH", "/usr/bin:/bin"), root.resolve("usr/bin/bootstrap").toString(), "version");
        assertEquals(0, version.exit(), version.output());
        assertTrue(version.output().startsWith("bootstrap version: &version.Info{"), version.output());
        assertTrue(Files.isRegularFile(root.resolve("usr/share/bash-completion/completions/bootstrap")));
        String zsh = Files.readString(root.resolve("usr/share/zsh/vendor-completions/_bootstrap"));
        assertTrue(zsh.contains("bashcompinit") && zsh.contains("complete -F"), zsh.substring(0, 200));
        Run listed = run(Map.of(), "dpkg", "--root=" + root, "-L", "bootstrap");
        assertTrue(listed.output().contains("/usr/share/man/man1/bootstrap-init-phase-control-plane-all.1.gz"), listed.output());
    }

    @Test
    void everyManPageRenders(@TempDir Path dir) throws Exception {
        Path man = Requirements.requireTool("man");
        assertEquals(0, run(Map.of(), "tar", "-C", dir.toString(), "-xzf", tarball.toString()).exit());
        List<Path> pages;
        try (Stream<Path> s = Files.list(dir.resolve("bootstrap/share/man/man1"))) {
            pages = s.sorted().toList();
        }
        assertTrue(pages.size() > 40, pages.toString());
        for (Path page : pages) {
            Run rendered = run(Map.of("MANWIDTH", "100", "LC_ALL", "C"), man.toString(), "-l", page.toString());
            assertEquals(0, rendered.exit(), page + ": " + rendered.output());
            String name = page.getFileName().toString().replace(".1.gz", "");
            assertTrue(rendered.output().contains("NAME") && rendered.output().contains("SYNOPSIS"), rendered.output());
            assertTrue(Pattern.compile("\\n\\s+" + Pattern.quote(name) + "\\s+-\\s").matcher(rendered.output()).find(),
                    page + ": " + rendered.output());
            assertFalse(rendered.output().contains("\\f") || rendered.output().contains("${"), rendered.output());
        }
    }

    @Test
    void checksumFilesVerify() throws Exception {
        for (Path file : List.of(tarball, deb)) {
            Run check = run(Map.of(), "sh", "-c", "cd \"$0\" && sha256sum -c \"$1\"", file.getParent().toString(),
                    file.getFileName() + ".sha256");
            assertEquals(0, check.exit(), check.output());
        }
    }

    /** SSH (key exchange, an EC host key, an Ed25519 user key) and TLS on the runtime's modules alone, against a real sshd. */
    @Test
    void sshWorksOnTheRuntimesModules(@TempDir Path dir) throws Exception {
        Requirements.requireRoot();
        Path sshd = Requirements.requireTool("/usr/sbin/sshd");
        Requirements.requireTool("ssh-keygen");
        assertEquals(0, run(Map.of(), "tar", "-C", dir.toString(), "-xzf", tarball.toString()).exit());
        Path hostKey = dir.resolve("host_ecdsa");
        Path userKey = dir.resolve("id_ed25519");
        assertEquals(0, run(Map.of(), "ssh-keygen", "-q", "-t", "ecdsa", "-N", "", "-f", hostKey.toString()).exit());
        assertEquals(0, run(Map.of(), "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", userKey.toString()).exit());
        Path authorized = dir.resolve("authorized_keys");
        Files.copy(Path.of(userKey + ".pub"), authorized);
        Files.createDirectories(Path.of("/run/sshd"));
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        Process server = new ProcessBuilder(sshd.toString(), "-D", "-e", "-f", "/dev/null", "-p", String.valueOf(port),
                "-o", "ListenAddress=127.0.0.1", "-o", "HostKey=" + hostKey, "-o", "AuthorizedKeysFile=" + authorized,
                "-o", "PidFile=none", "-o", "StrictModes=no", "-o", "UsePAM=no", "-o", "PermitRootLogin=prohibit-password")
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        try {
            String runtime = dir.resolve("bootstrap/runtime").toString();
            Run connect = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                connect = run(Map.of("PATH", "/usr/bin:/bin", "JAVA_HOME", runtime, "HOME", dir.toString()),
                        dir.resolve("bootstrap/bin/bootstrap").toString(), "preflight", "--connect-only",
                        "--node", "root@127.0.0.1:" + port, "--ssh-key", userKey.toString(),
                        "--ssh-known-hosts", dir.resolve("known_hosts").toString(), "--ssh-accept-new");
                if (connect.exit() == 0 || !connect.output().contains("refused")) {
                    break;
                }
                Thread.sleep(100);
            }
            assertEquals(0, connect.exit(), connect.output() + "\nsshd: " + Files.readString(dir.resolve("sshd.log")));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A directory of links to every command on the usual PATH except those that resolve into a JDK. */
    private static String toolsWithoutJava(Path tools) throws IOException {
        Files.createDirectories(tools);
        for (String d : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path dir = Path.of(d);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                for (Path cmd : s.toList()) {
                    Path link = tools.resolve(cmd.getFileName().toString());
                    if (Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS) || !Files.isExecutable(cmd)
                            || realPath(cmd).startsWith("/usr/lib/jvm")) {
                        continue;
                    }
                    Files.createSymbolicLink(link, cmd);
                }
            }
        }
        assertFalse(Files.exists(tools.resolve("java")));
        return tools.toString();
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException dangling) {
            return p;
        }
    }

    private static Path only(String glob) throws IOException {
        List<Path> found = new ArrayList<>();
        try (var s = Files.newDirectoryStream(out, glob)) {
            s.forEach(found::add);
        }
        assertEquals(1, found.size(), found.toString());
        return found.get(0);
    }

    /** Runs a command with only {@code env} for its environment (empty: this JVM's), output and errors together. */
    private static Run run(Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (!env.isEmpty()) {
            pb.environment().clear();
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        p.getOutputStream().close();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), String.join(" ", command));
        return new Run(p.exitValue(), output);
    }
}
