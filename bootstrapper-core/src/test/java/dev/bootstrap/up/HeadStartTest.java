package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The other nodes connect once the first control plane's connect phase has ended, however it ended. */
class HeadStartTest {

    private static final ClusterFile FILE = UpRuns.TWO_NODES;

    @TempDir
    Path root;

    @Test
    void theOthersWaitForTheFirstControlPlanesConnect() throws Exception {
        for (boolean connects : new boolean[] {true, false}) {
            UpRun run = run();
            CompletableFuture<Void> worker = waiting(run);
            run.failed(failure("connect", "w1"));
            Thread.sleep(300);
            assertFalse(worker.isDone(), "a worker went on before the first control plane connected");
            if (connects) {
                UpNode first = new UpNode(FILE.firstControlPlane(), run, false);
                ConnectPhase.givingHeadStart().run(first);
            } else {
                run.failed(failure("connect", "cp1"));
            }
            worker.get(5, TimeUnit.SECONDS);
            assertTrue(worker.isDone());
        }
    }

    private static CompletableFuture<Void> waiting(UpRun run) {
        return CompletableFuture.runAsync(() -> {
            try {
                ConnectPhase.afterHeadStart().run(new UpNode(FILE.workers().get(0), run, false));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private UpRun run() {
        return UpRuns.of(target -> new LocalHost(target, root));
    }

    private static PhaseResult failure(String phase, String host) {
        return new PhaseResult(phase, host, Status.FAILED, Duration.ZERO, List.of(), "unreachable");
    }
}
