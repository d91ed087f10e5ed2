package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.runtime.ContainerdConfig.CgroupDriver;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.testing.Requirements;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed containerd reads the config we render for it: {@code containerd --config FILE config dump}
 * parses the file, merges it over containerd's defaults and prints the result without starting a daemon.
 */
class ContainerdConfigDumpTest {

    private static final ClusterConfiguration CLUSTER =
            ContainerdConfigTest.cluster("v1.35.0", "imageRepository: registry.aliyuncs.com/google_containers\n");

    @Test
    void theInstalledContainerdReadsWhatWeRenderForIt(@TempDir Path dir) throws Exception {
        Path containerd = Requirements.requireTool("containerd");
        ContainerdVersion version = ContainerdVersion.parse(run(dir, containerd, "--version"));
        for (CgroupDriver driver : CgroupDriver.values()) {
            RenderedFile file = ContainerdConfigTest.CONFIG.render(version, driver, CLUSTER);
            ContainerdConfigTest.Settings dumped = dump(containerd, dir, file);
            assertEquals(new ContainerdConfigTest.Settings(version.configFormat().version(),
                    driver == CgroupDriver.SYSTEMD, "io.containerd.runc.v2",
                    "registry.aliyuncs.com/google_containers/pause:3.10.1", "/etc/containerd/certs.d"), dumped,
                    "containerd " + version + ", " + driver);
        }
    }

    /** Why a caller must read the dump back: containerd 1.x ignores a version-3 file without an error. */
    @Test
    void aFileForAnotherReleaseIsNotWhatTheInstalledContainerdUses(@TempDir Path dir) throws Exception {
        Path containerd = Requirements.requireTool("containerd");
        ContainerdVersion version = ContainerdVersion.parse(run(dir, containerd, "--version"));
        // a property of 1.x (2.x migrates older formats), not a missing tool: a plain assumption
        Assumptions.assumeTrue(version.major() == 1, "shown on containerd 1.x; found " + version);
        RenderedFile forTwo = ContainerdConfigTest.CONFIG.render(new ContainerdVersion(2, 0, 0), CgroupDriver.SYSTEMD, CLUSTER);
        assertNotEquals("registry.aliyuncs.com/google_containers/pause:3.10.1",
                dump(containerd, dir, forTwo).sandboxImage());
    }

    private static ContainerdConfigTest.Settings dump(Path containerd, Path dir, RenderedFile file) throws Exception {
        Path config = dir.resolve("config.toml");
        Files.write(config, file.content());
        Map<String, Object> doc = Toml.parse(run(dir, containerd, "--config", config.toString(), "config", "dump"));
        return ContainerdConfigTest.Settings.of(doc);
    }

    /** stdout only: containerd logs warnings on stderr, which would not parse as TOML. */
    private static String run(Path dir, Path containerd, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(containerd.toString()));
        command.addAll(List.of(args));
        Path stderr = dir.resolve("stderr");
        Process p = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed: " + Files.readString(stderr));
        }
        return out;
    }
}
