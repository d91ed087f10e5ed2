package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.Status;
import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.ClockSkewCheck;
import dev.bootstrap.preflight.Fixtures;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.PreflightVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** up's preflight judges a joining node's clock against the first control plane's, as bootstrap preflight does. */
class UpClockSkewTest {

    private static final NodeFacts FIRST = Fixtures.facts("ubuntu-22.04-ready");
    private static final NodeFacts AHEAD = Fixtures.facts("debian-10-kernel-4.19", Duration.ofSeconds(600));

    @Test
    void aClock600SecondsAheadIsPreflightsErrorOnceTheFirstControlPlanesFactsAreIn() throws Exception {
        UpRun run = run();
        CompletableFuture<Optional<CheckResult>> judged = CompletableFuture.supplyAsync(() -> clockSkew(run,
                IgnoredErrors.NONE));
        Thread.sleep(200);
        assertFalse(judged.isDone(), "waits for the first control plane's facts");
        run.publishFirstFacts(FIRST);
        CheckResult skew = judged.get(5, TimeUnit.SECONDS).orElseThrow();
        assertEquals(ClockSkewCheck.judge(List.of(FIRST, AHEAD)).get(1), Optional.of(skew), "as bootstrap preflight");
        assertTrue(skew.fatal());
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> PreflightVerdict.of("w1", List.of(skew)));
        assertTrue(failed.getMessage().contains("[ERROR ClockSkew]: clock of debian-10-kernel-4.19 is 600.0 s ahead "
                + "of ubuntu-22.04-ready (more than 30 s"), failed.getMessage());

        CheckResult ignored = clockSkew(run, IgnoredErrors.of("ClockSkew")).orElseThrow();
        assertTrue(ignored.warning() && !ignored.fatal());
        Outcome warned = PreflightVerdict.of("w1", List.of(ignored));
        assertTrue(warned.details().get(0).startsWith("[WARNING ClockSkew]: clock of debian-10-kernel-4.19 is 600.0 s"),
                warned.details().toString());
    }

    @Test
    void whenTheFirstControlPlaneFailsFirstThereIsNothingToCompare() {
        UpRun run = run();
        run.failed(new PhaseResult("lock", "cp1", Status.FAILED, Duration.ZERO, List.of(), "locked"));
        assertEquals(Optional.empty(), clockSkew(run, IgnoredErrors.NONE));
    }

    private static Optional<CheckResult> clockSkew(UpRun run, IgnoredErrors ignore) {
        try {
            return UpPreflightPhase.clockSkew(run, AHEAD, ignore);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static UpRun run() {
        return UpRuns.of(target -> {
            throw new AssertionError("no host needed");
        });
    }
}
