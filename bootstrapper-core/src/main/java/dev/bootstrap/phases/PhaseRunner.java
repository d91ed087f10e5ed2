package dev.bootstrap.phases;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs a workflow's phases on many hosts. Each host goes through the phases in order at its own
 * pace (no barrier between hosts); at most {@code concurrency} hosts are worked on at once. A
 * host stops at its first failed phase; the other hosts go on. Cross-host ordering (a worker
 * waiting for the token the first control plane makes) lives in the contexts, as futures.
 */
public final class PhaseRunner {

    private final int concurrency;
    private final Consumer<PhaseEvent> events;
    private final Clock clock;
    private final Interruption interruption;

    public PhaseRunner(int concurrency, Consumer<PhaseEvent> events) {
        this(concurrency, events, new Interruption());
    }

    /** A runner that starts no further phase once {@code interruption} is requested. */
    public PhaseRunner(int concurrency, Consumer<PhaseEvent> events, Interruption interruption) {
        this(concurrency, events, Clock.systemUTC(), interruption);
    }

    PhaseRunner(int concurrency, Consumer<PhaseEvent> events, Clock clock, Interruption interruption) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.events = events;
        this.clock = clock;
        this.interruption = interruption;
    }

    /** One host and the context its phases receive. */
    public record Target<C>(String host, C context) {
    }

    /**
     * One host, its context and its own list of phases (hosts of one run may have different roles).
     *
     * @param onFailure told of the phase that failed on the host (or that an interruption kept from starting),
     *                  so that what other hosts wait for can fail with it
     */
    public record Plan<C>(String host, C context, List<? extends Phase<C>> phases, Consumer<PhaseResult> onFailure) {

        public Plan(String host, C context, List<? extends Phase<C>> phases) {
            this(host, context, phases, failed -> { });
        }
    }

    /**
     * @param skip the phases the user asked to skip (--skip-phases); they are reported SKIPPED
     */
    public <C> RunReport run(List<? extends Phase<C>> phases, List<Target<C>> targets, SkipPhases skip) {
        return runPlans(targets.stream().map(t -> new Plan<C>(t.host(), t.context(), phases)).toList(), skip);
    }

    /**
     * Runs each plan's phases on its host. Plans start in the given order, so a plan may wait for
     * an earlier one (through its context) without starving it of a worker.
     */
    public <C> RunReport runPlans(List<Plan<C>> plans, SkipPhases skip) {
        Map<String, List<PhaseResult>> byHost = new LinkedHashMap<>();
        if (plans.size() == 1) {
            // The common single-host case runs on the caller's thread: no pool to start or stop.
            Plan<C> only = plans.get(0);
            byHost.put(only.host(), runHost(only, skip));
            return new RunReport(byHost);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, plans.size())), r -> {
            Thread t = new Thread(r, "phase-runner");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<List<PhaseResult>>> futures = new LinkedHashMap<>();
            for (Plan<C> plan : plans) {
                futures.put(plan.host(), pool.submit(() -> runHost(plan, skip)));
            }
            for (Map.Entry<String, Future<List<PhaseResult>>> e : futures.entrySet()) {
                byHost.put(e.getKey(), e.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while phases were running", e);
        } catch (ExecutionException e) {
            // runHost catches everything a phase throws; reaching here is a bug in the runner itself.
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new RunReport(byHost);
    }

    private <C> List<PhaseResult> runHost(Plan<C> plan, SkipPhases skip) {
        Target<C> target = new Target<>(plan.host(), plan.context());
        List<PhaseResult> results = new ArrayList<>();
        for (Phase<C> phase : plan.phases()) {
            if (interruption.requested()) {
                results.add(finish(phase, target, Instant.now(clock), null, new InterruptedRunException()));
                break;
            }
            PhaseResult result = skip.skips(phase.spec())
                    ? finish(phase, target, Instant.now(clock), Outcome.skipped("skipped by --skip-phases"), null)
                    : runPhase(phase, target);
            results.add(result);
            if (result.status() == Status.FAILED) {
                break;
            }
        }
        if (!results.isEmpty() && results.get(results.size() - 1).status() == Status.FAILED) {
            plan.onFailure().accept(results.get(results.size() - 1));
        }
        return results;
    }

    /** Why a phase did not start: the run was interrupted before it. */
    static final class InterruptedRunException extends RuntimeException {
        InterruptedRunException() {
            super("interrupted before this phase started; run again to finish");
        }
    }

    private <C> PhaseResult runPhase(Phase<C> phase, Target<C> target) {
        Instant start = Instant.now(clock);
        events.accept(new PhaseEvent(start, phase.name(), target.host(), Status.RUNNING, Duration.ZERO,
                phase.title(), null));
        try {
            return finish(phase, target, start, phase.run(target.context()), null);
        } catch (Exception | AssertionError e) {
            return finish(phase, target, start, null, e);
        }
    }

    private <C> PhaseResult finish(Phase<C> phase, Target<C> target, Instant start, Outcome outcome, Throwable error) {
        Duration took = Duration.between(start, Instant.now(clock));
        Status status = error != null ? Status.FAILED : outcome.status();
        List<String> details = error != null ? List.of() : outcome.details();
        String message = error != null ? PhaseFailedException.messageOf(error) : null;
        PhaseResult result = new PhaseResult(phase.name(), target.host(), status, took, details, message);
        events.accept(new PhaseEvent(Instant.now(clock), phase.name(), target.host(), status, took,
                String.join("; ", details), message));
        return result;
    }
}
