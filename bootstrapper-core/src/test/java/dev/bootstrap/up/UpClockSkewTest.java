package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.ForwardingHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.ClockSkewCheck;
import dev.bootstrap.preflight.Fixtures;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.PreflightVerdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * up's preflight judges a joining node's clock against the first control plane's, as bootstrap preflight does; a
 * node joined before only gets a warning.
 */
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

    /**
     * A node an earlier run joined skips the checks for fresh machines, but not its clock: a warning, from the one
     * command that gathers its facts.
     */
    @Test
    void aJoinedNodeWhoseClockIs600SecondsAheadIsWarnedAboutInOneCommand(@TempDir Path root) throws Exception {
        Path kubeletConf = root.resolve(NodeLayout.KUBELET_CONF.substring(1));
        Files.createDirectories(kubeletConf.getParent());
        Files.writeString(kubeletConf, "");
        AtomicInteger calls = new AtomicInteger();
        Host w1 = new ForwardingHost(new LocalHost("w1", root)) {
            @Override
            public CommandResult run(String command, Duration timeout) {
                calls.incrementAndGet();
                return super.run(command, timeout);
            }

            @Override
            public Optional<FileStat> stat(String path) {
                calls.incrementAndGet();
                return super.stat(path);
            }
        };
        UpRun run = UpRuns.of(target -> w1);
        // w1 is this machine, so its clock is 600 s ahead of a first control plane 600 s behind this machine.
        run.publishFirstFacts(Fixtures.facts("ubuntu-22.04-ready", Duration.ofSeconds(-600)));
        UpNode node = new UpNode(UpRuns.TWO_NODES.workers().get(0), run, false);

        Outcome outcome = new UpPreflightPhase().run(node);

        assertEquals(Status.UNCHANGED, outcome.status(), "a warning, not a failure");
        String warning = outcome.details().get(outcome.details().size() - 1);
        assertTrue(warning.matches("\\[WARNING ClockSkew]: clock of w1 is (599|600)\\.\\d s ahead of ubuntu-22\\.04-ready "
                + "\\(more than 30 s: .*\\); synchronise clocks on every node: timedatectl set-ntp true "
                + "\\(systemd-timesyncd or chrony\\)"), warning);
        assertEquals(1, calls.get(), "one command to the node: the facts that also say it joined");
        assertEquals(Optional.empty(), node.facts(), "a joined node has no preflight facts (see UpNode#hostname)");
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
