package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Ctrl-C (SIGINT) and a service manager's SIGTERM during {@code bootstrap up} on the lab: the run says it was
 * interrupted, the cluster lock is released (a run from another machine is not refused for 30 minutes), and
 * the next run finishes the job; the one after changes nothing, and every node is whole
 * ({@link NodeIntegrity}).
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class UpInterruptLabTest {

    private static final String LOCK = "/etc/kubernetes/bootstrap/lock";

    @ParameterizedTest
    @ValueSource(strings = {"INT", "TERM"})
    void aSignalReleasesTheLockAndTheNextRunFinishes(String signal, Lab lab, @TempDir Path dir) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
        }
        Process run = null;
        try (LabApi api = LabApi.start(lab)) {
            Path file = Files.writeString(dir.resolve("cluster.yaml"), LabClusterFile.yaml(lab, "lab", api.upstream(), 2, 10));
            Path log = dir.resolve("interrupted.log");
            run = UpProcess.start(file, log, "--log-file", dir.resolve("interrupted.debug").toString());
            // the lock is held and the first control plane has begun writing its PKI
            UpProcess.waitFor(lab, lab.node(1), "test -e " + LOCK + " && test -e /etc/kubernetes/pki/ca.crt", run, log);
            UpProcess.signal(run, signal);
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "up did not end after SIG" + signal + ": " + Files.readString(log));
            String out = Files.readString(log);
            assertTrue(out.contains("interrupted; run `bootstrap up` again to finish"), out);
            assertFalse(out.contains("Exception"), "no stack trace: " + out);
            assertEquals(signal.equals("INT") ? 130 : 143, run.exitValue(), out);
            assertEquals("absent", lab.ssh(lab.node(1), "test -e " + LOCK + " && echo present || echo absent").strip(),
                    "the lock is released: " + out);

            CliBasicsTest.Run next = up(file, dir.resolve("next.debug"));
            assertEquals(0, next.exit(), next.out() + next.err());
            assertFalse(next.out().contains("took over the lock"), "there was no lock left to take over: " + next.out());
            assertTrue(next.out().contains("Cluster lab is up: 2 nodes"), next.out());
            CliBasicsTest.Run again = up(file, dir.resolve("again.debug"));
            assertEquals(0, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("Cluster lab is up: 2 nodes, 0 changed."), again.out());
            NodeIntegrity.check(lab, lab.nodes(), api.direct(), List.of(dir.resolve("interrupted.debug"),
                    dir.resolve("next.debug"), dir.resolve("again.debug")));
        } finally {
            if (run != null) {
                run.destroyForcibly();
            }
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }

    private static CliBasicsTest.Run up(Path file, Path debugLog) {
        return CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all", "--wait-timeout",
                "60s", "--log-file", debugLog.toString());
    }
}
