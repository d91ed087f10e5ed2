package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.ClusterFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** up and plan refuse bad input before reaching any node (the lab tests run them for real). */
class UpCommandTest {

    private static final String FILE = ClusterFiles.ONE_CONTROL_PLANE;

    @Test
    void usageErrorsAreExit2AndNameTheFlag(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), FILE);
        CliBasicsTest.Run noFile = CliBasicsTest.run("up");
        assertEquals(2, noFile.exit());
        assertTrue(noFile.err().contains("Missing required option: '--file=FILE'"), noFile.err());
        CliBasicsTest.Run wait = CliBasicsTest.run("up", "-f", file.toString(), "--wait-timeout", "soon");
        assertEquals(2, wait.exit());
        assertTrue(wait.err().contains("--wait-timeout: expected a positive Go duration such as 90s or 4m0s, got \"soon\""),
                wait.err());
        for (String command : new String[] {"up", "plan"}) {
            CliBasicsTest.Run rootfs = CliBasicsTest.run(command, "-f", file.toString(), "--rootfs", dir.toString());
            assertEquals(2, rootfs.exit(), command);
            assertTrue(rootfs.err().contains("--rootfs does not apply to " + command), rootfs.err());
        }
    }

    @Test
    void aBadClusterFileIsAnErrorNamingFileLineAndField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), FILE.replace("role: control-plane", "role: master"));
        for (String command : new String[] {"up", "plan"}) {
            CliBasicsTest.Run bad = CliBasicsTest.run(command, "-f", file.toString());
            assertEquals(1, bad.exit(), command);
            assertTrue(bad.err().contains("cluster.yaml:11: Cluster.spec.nodes[0].role: \"master\" is not one of control-plane, worker"), bad.err());
        }
    }

    /**
     * Both warn about a version past its end of life (docs/kubeadm-compat.md#supported-versions) before reaching any
     * node: plan finds cp1 unreachable (nothing listens on port 1), up stops at images no mirror serves.
     */
    @Test
    void upAndPlanWarnAboutAVersionPastItsEndOfLife(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("cluster.yaml"), ClusterFiles.oneControlPlane("""
                  kubernetesVersion: v1.34.2
                  registries:
                    docker.io: [https://mirror.gcr.io]
                  ssh:
                    port: 1
                """, "127.0.0.1"));
        for (String command : new String[] {"up", "plan"}) {
            CliBasicsTest.Run run = CliBasicsTest.run(command, "-f", file.toString());
            assertEquals(1, run.exit(), command + ": " + run.out() + run.err());
            assertTrue(run.err().startsWith("W: Kubernetes v1.34.2 is past its end of life (v1.34 ended on 2026-10-27) and "
                    + "gets no more fixes; v1.37 is the newest supported minor (until 2027-10-28), v1.37.1 the default\n"),
                    command + ": " + run.err());
        }
    }

    @Test
    void planExitsOneNamingUnreachableNodesEvenWithDetailedExitcode(@TempDir Path dir) throws Exception {
        // Nothing listens on 127.0.0.1:1: refused at once.
        Path file = Files.writeString(dir.resolve("cluster.yaml"), FILE.replace("10.211.0.11", "127.0.0.1")
                + "  ssh:\n    port: 1\n");
        for (String[] extra : new String[][] {{}, {"--detailed-exitcode"}}) {
            CliBasicsTest.Run plan = CliBasicsTest.run(java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("plan", "-f", file.toString()), java.util.stream.Stream.of(extra))
                    .toArray(String[]::new));
            assertEquals(1, plan.exit(), plan.out() + plan.err());
            assertTrue(plan.out().contains("cp1 (control-plane): connect: unreachable"), plan.out());
            assertTrue(plan.out().contains("Plan incomplete: cp1 unreachable; what 'bootstrap up' would do there is "
                    + "unknown."), plan.out());
        }
        CliBasicsTest.Run json = CliBasicsTest.run("plan", "-f", file.toString(), "-o", "json");
        assertEquals(1, json.exit());
        assertTrue(json.out().contains("\"unreachable\":[\"cp1\"]"), json.out());
    }
}
