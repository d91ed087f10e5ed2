package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.Status;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.state.Journal;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.testing.ClusterFiles;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The other nodes connect once the first control plane's connect phase has ended, however it ended. */
class HeadStartTest {

    private static final ClusterFile FILE = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE
            + "    - name: w1\n      address: 10.211.0.12\n      role: worker\n", Map.of());

    @Test
    void theOthersWaitForTheFirstControlPlanesConnect() throws Exception {
        for (Status end : new Status[] {Status.UNCHANGED, Status.FAILED}) {
            UpRun run = run();
            CompletableFuture<Void> worker = CompletableFuture.runAsync(() -> {
                try {
                    run.awaitHeadStart();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            run.accept(event("connect", "w1", Status.UNCHANGED));
            run.accept(event("connect", "cp1", Status.RUNNING));
            run.accept(event("lock", "cp1", Status.RUNNING));
            Thread.sleep(300);
            assertFalse(worker.isDone(), "a worker went on before the first control plane connected");
            run.accept(event("connect", "cp1", end));
            worker.get(5, TimeUnit.SECONDS);
            assertTrue(worker.isDone());
        }
    }

    private static UpRun run() {
        UpOptions options = new UpOptions(IgnoredErrors.parse(List.of()), Duration.ofMinutes(1),
                new TemplateRenderer(TemplateSource.builtIn()), Map.of(), LockHolder.ofThisProcess("test"),
                (node, dryRun) -> List.of());
        return new UpRun(FILE, target -> {
            throw new AssertionError("no host needed");
        }, options, new Journal(), e -> { });
    }

    private static PhaseEvent event(String phase, String host, Status status) {
        return new PhaseEvent(Instant.now(), phase, host, status, Duration.ZERO, null,
                status == Status.FAILED ? "unreachable" : null);
    }
}
