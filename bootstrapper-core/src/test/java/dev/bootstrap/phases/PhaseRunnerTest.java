package dev.bootstrap.phases;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PhaseRunnerTest {

    /** A phase defined by a lambda, for tests. */
    record Step(String name, PhaseBody body) implements Phase<String> {
        @Override
        public PhaseSpec spec() {
            return PhaseSpec.of(name, "step " + name);
        }

        @Override
        public Outcome run(String host) throws Exception {
            return body.run(host);
        }
    }

    interface PhaseBody {
        Outcome run(String host) throws Exception;
    }

    static List<PhaseRunner.Target<String>> hosts(String... names) {
        return java.util.Arrays.stream(names).map(n -> new PhaseRunner.Target<>(n, n)).toList();
    }

    @Test
    void runsPhasesInOrderAndReportsEachHost() {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        List<PhaseEvent> events = Collections.synchronizedList(new ArrayList<>());
        var phases = List.of(
                new Step("a", h -> { seen.add(h + ":a"); return Outcome.changed("made a"); }),
                new Step("b", h -> { seen.add(h + ":b"); return Outcome.unchanged(); }));
        RunReport report = new PhaseRunner(4, events::add).run(phases, hosts("n1"), SkipPhases.NONE);
        assertEquals(List.of("n1:a", "n1:b"), seen);
        assertTrue(report.ok());
        assertEquals(1, report.changed());
        assertEquals(Status.UNCHANGED, report.result("n1", "b").orElseThrow().status());
        assertEquals(List.of(Status.RUNNING, Status.CHANGED, Status.RUNNING, Status.UNCHANGED),
                events.stream().map(PhaseEvent::status).toList());
    }

    @Test
    void aFailedHostStopsOnlyItself() {
        var phases = List.of(
                new Step("connect", h -> {
                    if (h.equals("bad")) {
                        throw new IllegalStateException("unreachable: connection refused");
                    }
                    return Outcome.changed();
                }),
                new Step("join", h -> Outcome.changed("joined")));
        RunReport report = new PhaseRunner(2, e -> { }).run(phases, hosts("good1", "bad", "good2"), SkipPhases.NONE);
        assertFalse(report.ok());
        assertEquals(1, report.failures().size());
        PhaseResult failure = report.failures().get(0);
        assertEquals("bad", failure.host());
        assertEquals("connect", failure.phase());
        assertEquals("unreachable: connection refused", failure.error());
        assertTrue(report.result("bad", "join").isEmpty(), "the failed host went no further");
        assertEquals(Status.CHANGED, report.result("good2", "join").orElseThrow().status());
    }

    /** What other hosts wait for fails with the host's failed phase, also one an interruption kept from starting. */
    @Test
    void aPlanIsToldWhichPhaseStoppedIt() {
        List<PhaseResult> told = Collections.synchronizedList(new ArrayList<>());
        var phases = List.of(new Step("connect", h -> Outcome.changed()), new Step("join", h -> {
            throw new IllegalStateException("no ticket");
        }), new Step("never", h -> Outcome.changed()));
        new PhaseRunner(2, e -> { }).runPlans(List.of(new PhaseRunner.Plan<>("w1", "w1", phases, told::add),
                new PhaseRunner.Plan<>("w2", "w2", phases.subList(0, 1), told::add)), SkipPhases.NONE);
        assertEquals(List.of("w1 join no ticket"), told.stream().map(r -> r.host() + " " + r.phase() + " " + r.error())
                .toList());
        Interruption interruption = new Interruption();
        interruption.request();
        told.clear();
        new PhaseRunner(1, e -> { }, interruption).runPlans(List.of(new PhaseRunner.Plan<>("w3", "w3", phases,
                told::add)), SkipPhases.NONE);
        assertEquals(List.of("w3 connect FAILED"), told.stream().map(r -> r.host() + " " + r.phase() + " " + r.status())
                .toList());
    }

    @Test
    void skippedPhasesAreReportedAndNotRun() {
        AtomicInteger ran = new AtomicInteger();
        var phases = List.of(new Step("certs", h -> { ran.incrementAndGet(); return Outcome.changed(); }));
        RunReport report = new PhaseRunner(1, e -> { }).run(phases, hosts("n1"), SkipPhases.given(Set.of("certs"), "--skip-phases"));
        assertEquals(0, ran.get());
        assertEquals(Status.SKIPPED, report.result("n1", "certs").orElseThrow().status());
    }

    @Test
    void noMoreThanTheLimitOfHostsAtOnce() {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        var phases = List.of(new Step("work", h -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            Thread.sleep(30);
            inFlight.decrementAndGet();
            return Outcome.changed();
        }));
        RunReport report = new PhaseRunner(3, e -> { }).run(phases,
                hosts("h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8"), SkipPhases.NONE);
        assertTrue(report.ok());
        assertTrue(peak.get() <= 3, "peak " + peak.get());
        assertTrue(peak.get() >= 2, "hosts ran in parallel, peak " + peak.get());
    }

    /** A fast host reaches its last phase while a slow host is still in its first: no barrier. */
    @Test
    void noBarrierBetweenHosts() {
        CountDownLatch fastDone = new CountDownLatch(1);
        var phases = List.of(
                new Step("first", h -> {
                    if (h.equals("slow")) {
                        assertTrue(fastDone.await(10, TimeUnit.SECONDS), "fast host finished while slow waited");
                    }
                    return Outcome.changed();
                }),
                new Step("last", h -> {
                    if (h.equals("fast")) {
                        fastDone.countDown();
                    }
                    return Outcome.changed();
                }));
        RunReport report = new PhaseRunner(2, e -> { }).run(phases, hosts("slow", "fast"), SkipPhases.NONE);
        assertTrue(report.ok(), report.failures().toString());
    }

    /**
     * Hosts of one run with their own phases (up's roles); a later plan may wait on an earlier one
     * even with one worker, because plans start in order.
     */
    @Test
    void plansWithTheirOwnPhasesRunInOrderWithoutStarvingWhatTheyWaitFor() {
        CountDownLatch firstUp = new CountDownLatch(1);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        var init = List.of(new Step("init", h -> {
            seen.add(h + ":init");
            firstUp.countDown();
            return Outcome.changed();
        }));
        var join = List.of(new Step("wait", h -> {
            assertTrue(firstUp.await(10, TimeUnit.SECONDS), "the first plan ran");
            return Outcome.unchanged();
        }), new Step("join", h -> {
            seen.add(h + ":join");
            return Outcome.changed();
        }));
        RunReport report = new PhaseRunner(1, e -> { }).runPlans(List.of(new PhaseRunner.Plan<>("cp1", "cp1", init),
                new PhaseRunner.Plan<>("w1", "w1", join), new PhaseRunner.Plan<>("w2", "w2", join)), SkipPhases.NONE);
        assertTrue(report.ok(), report.failures().toString());
        assertEquals(List.of("cp1:init", "w1:join", "w2:join"), seen);
        assertEquals(List.of("init"), report.byHost().get("cp1").stream().map(PhaseResult::phase).toList());
        assertEquals(List.of("wait", "join"), report.byHost().get("w2").stream().map(PhaseResult::phase).toList());
    }

    @Test
    void afterAnInterruptionNoPhaseStartsAndTheRunningOneFinishes() {
        Interruption interruption = new Interruption();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        var phases = List.of(
                new Step("a", h -> { seen.add(h + ":a"); interruption.request(); return Outcome.changed("made a"); }),
                new Step("b", h -> { seen.add(h + ":b"); return Outcome.changed("made b"); }),
                new Step("c", h -> { seen.add(h + ":c"); return Outcome.changed("made c"); }));
        RunReport report = new PhaseRunner(1, e -> { }, interruption).run(phases, hosts("n1"), SkipPhases.NONE);
        assertEquals(List.of("n1:a"), seen, "a, already running, finishes; b and c never start");
        List<PhaseResult> results = report.byHost().get("n1");
        assertEquals(Status.CHANGED, results.get(0).status());
        assertEquals(Status.FAILED, results.get(1).status());
        assertEquals("interrupted before this phase started; run again to finish", results.get(1).error());
        assertEquals(2, results.size(), "the host stops at the interrupted phase");
        assertFalse(report.ok());
    }
}
