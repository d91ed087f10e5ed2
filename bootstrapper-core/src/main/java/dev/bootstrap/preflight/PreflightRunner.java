package dev.bootstrap.preflight;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs preflight on many hosts in parallel (a bounded pool): each host is resolved (connected),
 * its facts gathered with one command and judged. One host's failure is that host's error only.
 * Then the cluster-level clock skew check runs over every host that answered.
 */
public final class PreflightRunner {

    private final HostResolver resolver;
    private final FactsGatherer gatherer;
    private final int parallelism;

    public PreflightRunner(HostResolver resolver, FactsGatherer gatherer, int parallelism) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.resolver = resolver;
        this.gatherer = gatherer;
        this.parallelism = parallelism;
    }

    public PreflightReport run(List<PreflightTarget> targets, PreflightOptions options) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, targets.size())), r -> {
            Thread t = new Thread(r, "preflight");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<HostReport>> futures = new ArrayList<>();
            for (PreflightTarget target : targets) {
                futures.add(pool.submit(() -> checkOne(target, options)));
            }
            List<HostReport> reports = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                reports.add(await(futures.get(i), targets.get(i)));
            }
            return new PreflightReport(withClockSkew(reports, options));
        } finally {
            pool.shutdownNow();
        }
    }

    private HostReport checkOne(PreflightTarget target, PreflightOptions options) {
        // The resolver owns the connection (it is reused by the phases after preflight), so no close here.
        try {
            Host host = resolver.resolve(target.target());
            NodeFacts facts = gatherer.gather(host, options.cluster(), target.role());
            return new HostReport(target.target(), target.role(), Optional.of(facts),
                    CheckCatalog.judge(facts, target.role(), options), Optional.empty());
        } catch (RuntimeException e) {
            return HostReport.failed(target.target(), target.role(), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static HostReport await(Future<HostReport> future, PreflightTarget target) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HostReport.failed(target.target(), target.role(), "[" + target.target() + "] preflight interrupted");
        } catch (ExecutionException e) {
            return HostReport.failed(target.target(), target.role(), "[" + target.target() + "] " + e.getCause());
        }
    }

    /** Adds ClockSkew to every host compared with the reference: the first control plane, else the first host. */
    static List<HostReport> withClockSkew(List<HostReport> reports, PreflightOptions options) {
        List<HostReport> answered = new ArrayList<>(reports.stream().filter(r -> r.facts().isPresent()).toList());
        answered.stream().filter(r -> r.role() == PreflightRole.CONTROL_PLANE).findFirst().ifPresent(cp -> {
            answered.remove(cp);
            answered.add(0, cp);
        });
        List<Optional<CheckResult>> skew = ClockSkewCheck.judge(answered.stream().map(r -> r.facts().get()).toList());
        List<HostReport> out = new ArrayList<>(reports);
        for (int i = 0; i < answered.size(); i++) {
            HostReport r = answered.get(i);
            Optional<CheckResult> result = skew.get(i);
            if (result.isPresent()) {
                List<CheckResult> results = new ArrayList<>(r.results());
                results.add(options.ignore().apply(result.get()));
                // Identity: two targets may have the same name (and equal reports).
                int at = indexOfSame(out, r);
                out.set(at, new HostReport(r.host(), r.role(), r.facts(), List.copyOf(results), r.error()));
            }
        }
        return out;
    }

    private static int indexOfSame(List<HostReport> reports, HostReport report) {
        for (int i = 0; i < reports.size(); i++) {
            if (reports.get(i) == report) {
                return i;
            }
        }
        throw new IllegalStateException("report not found: " + report.host());
    }
}
