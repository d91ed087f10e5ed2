package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker's SSH connection cut between its preflight and its join (its TCP socket destroyed with {@code ss -K} on this
 * machine, as a dropped link or a restarted middlebox would; the node's sshd goes on): the step runs again on
 * a new connection and the run succeeds, saying so; the next run changes nothing, and every node is whole
 * ({@link NodeIntegrity}).
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class UpReconnectLabTest {

    @Test
    void aLostConnectionIsMadeAgainAndTheStepRunsAgain(Lab lab, @TempDir Path dir) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
        }
        Process run = null;
        try (LabApi api = LabApi.start(lab)) {
            Path file = Files.writeString(dir.resolve("cluster.yaml"), LabClusterFile.yaml(lab, "lab", api.upstream(), 2, 10));
            Path log = dir.resolve("up.log");
            run = UpProcess.start(file, log, "--log-file", dir.resolve("up.debug").toString());
            LabNode worker = lab.node(2);
            // the worker's preflight is done and it waits for the first control plane's join ticket (seconds):
            // its join's first steps come after the cut, on the dead connection
            UpProcess.waitForOutput("[preflight] node2 ", run, log);
            Process cut = new ProcessBuilder("ss", "-K", "dst", worker.address(), "dport", "=", ":22").inheritIO().start();
            assertEquals(0, cut.waitFor(), "ss -K");
            assertTrue(run.waitFor(180, TimeUnit.SECONDS), "up did not end: " + Files.readString(log));
            String out = Files.readString(log);
            assertEquals(0, run.exitValue(), out);
            assertTrue(out.contains("the connection to node2 was lost and made again (2 attempts)"), out);
            assertTrue(out.contains("Cluster lab is up: 2 nodes"), out);

            CliBasicsTest.Run again = CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "60s", "--log-file", dir.resolve("again.debug").toString());
            assertEquals(0, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("Cluster lab is up: 2 nodes, 0 changed."), again.out());
            NodeIntegrity.check(lab, lab.nodes(), api.direct(), List.of(dir.resolve("up.debug"), dir.resolve("again.debug")));

            // Another version in the file is an upgrade, which up refuses before it changes anything; plan says so.
            Path other = Files.writeString(dir.resolve("other.yaml"), Files.readString(file).replace(
                    "kubernetesVersion: " + VersionTable.DEFAULT_VERSION, "kubernetesVersion: v1.36.2"));
            CliBasicsTest.Run plan = CliBasicsTest.run("plan", "-f", other.toString());
            assertTrue(plan.out().contains("node1 (control-plane): refuse: the file asks for Kubernetes v1.36.2 but the "
                    + "cluster runs " + VersionTable.DEFAULT_VERSION), plan.out());
            CliBasicsTest.Run upgrade = CliBasicsTest.run("up", "-f", other.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "60s");
            assertEquals(1, upgrade.exit(), upgrade.out() + upgrade.err());
            assertTrue(upgrade.out().contains("the file asks for Kubernetes v1.36.2 but the cluster runs "
                    + VersionTable.DEFAULT_VERSION), upgrade.out());
            assertFalse(upgrade.out().contains(" done ("), "nothing changed: " + upgrade.out());
        } finally {
            if (run != null) {
                run.destroyForcibly();
            }
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }
}
