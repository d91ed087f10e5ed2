package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cluster.ClusterHosts;
import dev.bootstrap.host.DebugLog;
import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabKubelets;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.up.ClusterUp;
import dev.bootstrap.up.UpOptions;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The benchmark behind bench/up.sh (not a test: surefire does not pick up *Benchmark classes): wall
 * time of {@code up} on fresh labs of 1, 5, 10 and 20 nodes (one control plane, the rest workers),
 * split into where the time went, then the wall time of a second, converged run. The API server is
 * the CRUD mock (it answers at once), etcd is real, the kubelets' TLS bootstrap is played by
 * {@link LabKubelets}; those stand-ins run in this JVM. Each {@code up} is {@code bin/bootstrap up -f
 * FILE -o json} in its own process, a cold JVM as a user runs it; with {@code -Dbench.inJvm=true},
 * {@link ClusterUp} runs in this JVM instead (warm after the first size; {@code -Dbench.log=true} adds
 * a debug log). Each size runs {@code -Dbench.reps} times (default 3, each on a fresh lab) and its row is
 * the run with the median orchestration time. Writes a markdown table to {@code -Dbench.out} (default
 * target/up-bench.md).
 */
class UpBenchmark {

    /** Phase names by where their time goes. */
    private static final Map<String, Set<String>> CATEGORIES = Map.of(
            "ssh connect", Set.of("connect"),
            "pki", Set.of("certs"),
            "files", Set.of("kubeconfig", "etcd", "control-plane", "kubelet-start", "kubelet-finalize", "lock"),
            "api", Set.of("upload-config", "upload-certs", "mark-control-plane", "bootstrap-token", "addon", "join-ticket",
                    "cni"),
            "preflight", Set.of("preflight"),
            "waiting", Set.of("wait-control-plane", "kubelet-wait-bootstrap"));

    /** Where a row's orchestration cell gets every run's value. */
    private static final String ORCHESTRATION_MARK = "{runs}";

    @Test
    void upOnLabsOfGrowingSize() throws Exception {
        Requirements.requireRoot();
        List<Integer> sizes = Arrays.stream(System.getProperty("bench.nodes", "1,5,10,20").split(","))
                .map(String::strip).map(Integer::parseInt).toList();
        if (!Boolean.getBoolean("bench.inJvm")) {
            // The launcher trains its caches on the first run of each kind after a build: not in a measured run.
            Process p = new ProcessBuilder(launcher().toString(), "--train-caches")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            check(p.waitFor() == 0, launcher() + " --train-caches failed: build first (bench/up.sh does)");
        }
        List<String> rows = new ArrayList<>();
        for (int n : sizes) {
            rows.add(medianOf(n, Integer.getInteger("bench.reps", 3)));
        }
        String table = "| nodes | up, wall | ssh connect (sum / longest) | pki | files (sum / longest node) "
                + "| api | preflight (longest) | waiting on components (critical path) | orchestration = wall - waiting (each run) "
                + "| second up (0 changed) | cpu, all processes (first up) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
                + String.join("\n", rows) + "\n";
        Path out = Path.of(System.getProperty("bench.out", "target/up-bench.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    /** One measured run: its table row and its orchestration time (wall minus waiting). */
    private record Run(String row, long orchestrationMillis) {
    }

    /**
     * The run with the median orchestration time of {@code reps} (each on a fresh lab: the machine's
     * other work makes single runs vary by a few tenths of a second), with every run's value beside it.
     */
    private String medianOf(int nodes, int reps) throws Exception {
        List<Run> all = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            all.add(measure(nodes));
        }
        List<Run> sorted = all.stream().sorted(java.util.Comparator.comparingLong(Run::orchestrationMillis)).toList();
        Run median = sorted.get(sorted.size() / 2);
        String each = all.stream().map(r -> String.format("%.2f", r.orchestrationMillis() / 1000.0))
                .collect(java.util.stream.Collectors.joining(", "));
        return median.row().replace(ORCHESTRATION_MARK, reps == 1 ? "" : " (runs: " + each + ")");
    }

    private Run measure(int nodes) throws Exception {
        try (Lab lab = Lab.up("bench" + nodes, nodes)) {
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.install(lab, node);
            }
            try (LabApi api = LabApi.start(lab)) {
                String yaml = LabClusterFile.yaml(lab, "bench", api.upstream(), nodes, 20);
                List<PhaseEvent> events = Collections.synchronizedList(new ArrayList<>());
                Duration wall;
                long busy;
                long busyBefore = busyMillis();
                Duration again;
                if (Boolean.getBoolean("bench.inJvm")) {
                    ClusterFile file = ClusterFileReader.read("bench.yaml", yaml, Map.of());
                    long start = System.nanoTime();
                    RunReport first = up(file, events, Boolean.getBoolean("bench.log")
                            ? Path.of("target/up-log-" + nodes + ".txt") : null);
                    wall = Duration.ofNanos(System.nanoTime() - start);
                    check(first.ok(), "up failed on " + nodes + " nodes: " + first.failures());
                    start = System.nanoTime();
                    busy = busyMillis() - busyBefore;
                    RunReport second = up(file, new ArrayList<>(), null);
                    again = Duration.ofNanos(System.nanoTime() - start);
                    check(second.ok() && second.changed() == 0, "the second up was not a no-op: " + second.failures()
                            + ", changed " + second.changed());
                } else {
                    Path file = Path.of("target/bench-" + nodes + ".yaml").toAbsolutePath();
                    Files.writeString(file, yaml);
                    long start = System.nanoTime();
                    Map<String, Object> first = cli(file, events, "first");
                    wall = Duration.ofNanos(System.nanoTime() - start);
                    check("success".equals(first.get("result")), "up failed on " + nodes + " nodes: " + first);
                    start = System.nanoTime();
                    busy = busyMillis() - busyBefore;
                    Map<String, Object> second = cli(file, new ArrayList<>(), "second");
                    again = Duration.ofNanos(System.nanoTime() - start);
                    check("success".equals(second.get("result")) && ((Number) second.get("changed")).intValue() == 0,
                            "the second up was not a no-op: " + second);
                }
                writeTimeline(nodes, events);
                return new Run(row(nodes, wall, again, events) + " " + s(busy) + " |", wall.toMillis() - waiting(events));
            } finally {
                lab.nodes().forEach(node -> KubeletStandIn.stop(lab, node));
            }
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }

    /** bin/bootstrap, or the launcher named by -Dbench.launcher (a distribution's: bench/up.sh's BENCH_LAUNCHER). */
    private static Path launcher() {
        String given = System.getProperty("bench.launcher", "");
        return given.isEmpty() ? Lab.projectScript("lab.sh").getParent().getParent().resolve("bin/bootstrap") : Path.of(given);
    }

    /**
     * {@code bin/bootstrap up -f FILE -o json} in its own process, as a user runs it (a cold JVM with
     * the launcher's options and class-data archive): its events, and its final result object.
     * {@code {run}} in -Dbench.javaOpts becomes "first" or "second" (e.g. one profile file per run).
     */
    private static Map<String, Object> cli(Path file, List<PhaseEvent> events, String run) throws Exception {
        // bash's time reports the process's CPU on stderr: the benchmark's own output shows it per run.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "TIMEFORMAT='bootstrap " + run + " up: %R s wall, %U s user, %S s sys'; time \"$@\"",
                "bash", launcher().toString(), "up", "-f", file.toString(), "-o", "json",
                "--ignore-preflight-errors=all", "--wait-timeout", "2m").redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("BOOTSTRAP_JAVA_OPTS", System.getProperty("bench.javaOpts", "").replace("{run}", run));
        long started = System.nanoTime();
        long firstLine = 0;
        long lastLine = 0;
        Process p = pb.start();
        KubernetesSerialization json = new KubernetesSerialization();
        Map<String, Object> result = Map.of();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("{")) {
                    System.err.println(line); // a JVM's own note (a profiler's, with -Dbench.javaOpts)
                    continue;
                }
                lastLine = System.nanoTime() - started;
                firstLine = firstLine == 0 ? lastLine : firstLine;
                @SuppressWarnings("unchecked")
                Map<String, Object> m = json.unmarshal(line, Map.class);
                if (m.containsKey("phase")) {
                    events.add(new PhaseEvent(java.time.Instant.parse((String) m.get("time")), (String) m.get("phase"),
                            (String) m.get("host"), Status.valueOf(((String) m.get("status")).toUpperCase(java.util.Locale.ROOT)),
                            Duration.ofMillis(((Number) m.get("durationMs")).longValue()), null, (String) m.get("error")));
                } else if (m.containsKey("result")) {
                    result = m;
                }
            }
        } finally {
            p.waitFor(10, java.util.concurrent.TimeUnit.MINUTES);
            p.destroyForcibly();
            System.err.printf("bootstrap %s up: first output line at %d ms, last at %d ms, exit at %d ms%n", run,
                    firstLine / 1_000_000, lastLine / 1_000_000, (System.nanoTime() - started) / 1_000_000);
        }
        return result;
    }

    /** Each finished phase as "host phase start-offset duration", for finding the critical path. */
    private static void writeTimeline(int nodes, List<PhaseEvent> events) throws java.io.IOException {
        List<PhaseEvent> done = events.stream().filter(e -> e.status().finished()).toList();
        java.time.Instant t0 = done.stream().map(e -> e.time().minus(e.duration())).min(java.util.Comparator.naturalOrder())
                .orElse(java.time.Instant.EPOCH);
        StringBuilder out = new StringBuilder();
        done.stream().sorted(java.util.Comparator.comparing(e -> e.time().minus(e.duration()))).forEach(e -> out.append(
                String.format("%-8s %-24s %7d %7d%n", e.host(), e.phase(),
                        Duration.between(t0, e.time().minus(e.duration())).toMillis(), e.duration().toMillis())));
        Files.writeString(Path.of("target/up-timeline-" + nodes + ".txt"), out);
    }

    /** @param log where the debug log of every remote operation goes (-Dbench.log=true), or null */
    private static RunReport up(ClusterFile file, List<PhaseEvent> events, Path log) {
        UpOptions options = new UpOptions(IgnoredErrors.parse(List.of("all")), Duration.ofMinutes(2),
                new TemplateRenderer(TemplateSource.builtIn()), Map.of(), LockHolder.ofThisProcess("bench"),
                (node, dryRun) -> List.of(), java.nio.file.Path.of("unused-snapshots"));
        try (DebugLog debug = log == null ? null : DebugLog.open(log);
             ClusterHosts hosts = new ClusterHosts(file.nodes(), new SecretSource(Map.of(), null),
                     debug == null ? UnaryOperator.identity() : debug::wrap)) {
            return new ClusterUp().run(file, hosts, options, List.of(), events::add).report();
        }
    }

    /** CPU time of the whole machine so far (every process: the nodes' too), from /proc/stat. */
    private static long busyMillis() throws java.io.IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long ticks = 0;
        for (int i = 1; i < f.length; i++) {
            if (i != 4 && i != 5 && i < 9) { // not idle, iowait, or guest time (counted in user already)
                ticks += Long.parseLong(f[i]);
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** Waiting on components: node1's wait-control-plane plus the longest kubelet-wait-bootstrap. */
    private static long waiting(List<PhaseEvent> events) {
        List<PhaseEvent> done = events.stream().filter(e -> e.status().finished()).toList();
        return longest(done, Set.of("wait-control-plane")) + longest(done, Set.of("kubelet-wait-bootstrap"));
    }

    private static String row(int nodes, Duration wall, Duration again, List<PhaseEvent> events) {
        List<PhaseEvent> done = events.stream().filter(e -> e.status().finished()).toList();
        long waiting = waiting(events);
        return "| " + nodes + " | " + s(wall.toMillis()) + " | " + s(sum(done, CATEGORIES.get("ssh connect"))) + " / "
                + s(longest(done, CATEGORIES.get("ssh connect"))) + " | " + s(sum(done, CATEGORIES.get("pki"))) + " | "
                + s(sum(done, CATEGORIES.get("files"))) + " / " + s(longestNode(done, CATEGORIES.get("files"))) + " | "
                + s(sum(done, CATEGORIES.get("api"))) + " | " + s(longest(done, CATEGORIES.get("preflight"))) + " | "
                + s(waiting) + " | " + s(wall.toMillis() - waiting) + ORCHESTRATION_MARK + " | " + s(again.toMillis()) + " |";
    }

    private static long sum(List<PhaseEvent> events, Set<String> phases) {
        return events.stream().filter(e -> phases.contains(e.phase())).mapToLong(e -> e.duration().toMillis()).sum();
    }

    private static long longest(List<PhaseEvent> events, Set<String> phases) {
        return events.stream().filter(e -> phases.contains(e.phase())).mapToLong(e -> e.duration().toMillis()).max()
                .orElse(0);
    }

    private static long longestNode(List<PhaseEvent> events, Set<String> phases) {
        return events.stream().filter(e -> phases.contains(e.phase())).collect(java.util.stream.Collectors.groupingBy(
                PhaseEvent::host, java.util.stream.Collectors.summingLong(e -> e.duration().toMillis())))
                .values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    private static String s(long millis) {
        return String.format("%.2f s", millis / 1000.0);
    }
}
