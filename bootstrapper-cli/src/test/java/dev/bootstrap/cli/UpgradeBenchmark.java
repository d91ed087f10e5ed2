package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cluster.ClusterHosts;
import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabMirrorPods;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.up.ClusterUp;
import dev.bootstrap.up.UpOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The benchmark behind bench/upgrade.sh (not a test: surefire does not pick up *Benchmark classes): the rolling
 * upgrade of a lab cluster of one control plane and {@code -Dbench.workers} workers (default 4) from v1.36 to v1.37
 * by {@code up}, its time split into waiting (the control plane's swaps and health, drains, kubelets coming back
 * Ready) and the orchestrator's own work; beside it, on a fresh lab, the same upgrade node by node as a kubeadm user
 * scripts it ({@code bootstrap upgrade apply} on the control plane, {@code upgrade node} and the kubelet on each
 * other node, one after another; no drains). Stand-ins as in the lab tests: the API is the CRUD mock (it answers at
 * once), etcd is real, mirror Pods, kubelet versions and leaders are played by {@link LabMirrorPods}; everything
 * runs in this JVM. Writes a markdown table to {@code -Dbench.out} (default target/upgrade-bench.md).
 */
class UpgradeBenchmark {

    private static final String FROM = "v1.36.2";
    private static final String TO = "v1.37.1";
    private static final Set<String> WAITS = Set.of("control-plane", "drain", "kubelet-upgrade", "wait-for-turn");

    @Test
    void rollingUpgradeOfALabCluster() throws Exception {
        Requirements.requireRoot();
        int workers = Integer.getInteger("bench.workers", 4);
        int reps = Integer.getInteger("bench.reps", 1);
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            rows.add(measure(workers));
        }
        String table = "| nodes | up, wall = rolling upgrade + up's usual run | control plane: swaps and health (sum) | drains (sum) | kubelets to Ready (sum) "
                + "| waiting for turn (sum) | own work per node | node by node (upgrade apply/node, kubelet), wall |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|\n" + String.join("\n", rows) + "\n";
        Path out = Path.of(System.getProperty("bench.out", "target/upgrade-bench.md"));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, table);
        System.out.println(table);
    }

    private String measure(int workers) throws Exception {
        int nodes = workers + 1;
        List<PhaseEvent> events = Collections.synchronizedList(new ArrayList<>());
        Duration wall;
        try (Lab lab = Lab.up("upbench", nodes)) {
            wall = onCluster(lab, (api, file) -> {
                long start = System.nanoTime();
                RunReport report = up(file.replace("kubernetesVersion: " + FROM, "kubernetesVersion: " + TO), events);
                check(report.ok(), "the rolling upgrade failed: " + report.failures());
                return Duration.ofNanos(System.nanoTime() - start);
            });
        }
        Duration byNode;
        try (Lab lab = Lab.up("upbench", nodes)) {
            byNode = onCluster(lab, (api, file) -> {
                long start = System.nanoTime();
                for (LabNode node : lab.nodes()) {
                    List<String> args = new ArrayList<>(node.name().equals("node1") ? List.of("upgrade", "apply", TO)
                            : List.of("upgrade", "node"));
                    args.addAll(List.of("--node", "root@" + node.address(), "--ssh-key", lab.rootKey().toString(),
                            "--ssh-known-hosts", lab.knownHosts().toString()));
                    CliBasicsTest.Run run = CliBasicsTest.run(args.toArray(String[]::new));
                    check(run.exit() == 0, node.name() + ": " + run.out() + run.err());
                    lab.ssh(node, "echo " + TO + " > " + LabMirrorPods.VERSION_FILE + " && " + KubeletStandIn.PATH
                            + " stop && API_UPSTREAM=" + api.upstream() + " " + KubeletStandIn.PATH + " start");
                }
                return Duration.ofNanos(System.nanoTime() - start);
            });
        }
        // The rolling upgrade ends with the last uncordon; up's usual pipelines (which find the cluster converged) follow.
        List<PhaseEvent> finished = events.stream().filter(e -> e.status().finished()).toList();
        java.time.Instant upgradeEnd = finished.stream().filter(e -> e.phase().equals("uncordon")).map(PhaseEvent::time)
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        java.time.Instant start = finished.stream().map(e -> e.time().minus(e.duration()))
                .min(java.util.Comparator.naturalOrder()).orElseThrow();
        List<PhaseEvent> done = finished.stream().filter(e -> !e.time().isAfter(upgradeEnd)).toList();
        long own = done.stream().filter(e -> !WAITS.contains(e.phase())).mapToLong(e -> e.duration().toMillis()).sum();
        long upgrade = Duration.between(start, upgradeEnd).toMillis();
        return "| 1 + " + workers + " | " + s(wall.toMillis()) + " = " + s(upgrade) + " + " + s(wall.toMillis() - upgrade)
                + " | " + s(sum(done, "control-plane")) + " | " + s(sum(done, "drain")) + " | "
                + s(sum(done, "kubelet-upgrade")) + " | " + s(sum(done, "wait-for-turn")) + " | " + s(own / nodes) + " | "
                + s(byNode.toMillis()) + " |";
    }

    private interface Work {
        Duration run(LabApi api, String file) throws Exception;
    }

    /** A lab cluster made at {@link #FROM} by up (not measured), with the stand-ins, given to {@code work}. */
    private static Duration onCluster(Lab lab, Work work) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
            lab.ssh(node, "mkdir -p /usr/local/lib && echo " + FROM + " > " + LabMirrorPods.VERSION_FILE);
        }
        try (LabApi api = LabApi.start(lab)) {
            String file = LabClusterFile.yaml(lab, "bench", api.upstream(), lab.nodes().size(), 10)
                    .replace("kubernetesVersion: " + dev.bootstrap.config.VersionTable.DEFAULT_VERSION,
                            "kubernetesVersion: " + FROM)
                    .replace("  ssh:\n", "  upgrade:\n    kubeletCommand: 'echo \"$VERSION\" > "
                            + LabMirrorPods.VERSION_FILE + "'\n  ssh:\n");
            RunReport made = up(file, new ArrayList<>());
            check(made.ok(), "making the cluster failed: " + made.failures());
            try (LabMirrorPods mirrors = new LabMirrorPods(lab, api.direct(), lab.nodes())) {
                Thread.sleep(1000); // the player's first round: mirror Pods, versions, leaders
                return work.run(api, file);
            }
        } finally {
            lab.nodes().forEach(node -> KubeletStandIn.stop(lab, node));
        }
    }

    private static RunReport up(String yaml, List<PhaseEvent> events) throws Exception {
        ClusterFile file = ClusterFileReader.read("bench.yaml", yaml, Map.of());
        UpOptions options = new UpOptions(IgnoredErrors.parse(List.of("all")), Duration.ofMinutes(2),
                new TemplateRenderer(TemplateSource.builtIn()), Map.of(), LockHolder.ofThisProcess("bench"),
                (node, dryRun) -> List.of(), Files.createTempDirectory("bench-snapshots"));
        try (ClusterHosts hosts = new ClusterHosts(file.nodes(), new SecretSource(Map.of(), null), UnaryOperator.identity())) {
            return new ClusterUp().run(file, hosts, options, List.of(), events::add).report();
        }
    }

    private static long sum(List<PhaseEvent> events, String phase) {
        return events.stream().filter(e -> e.phase().equals(phase)).mapToLong(e -> e.duration().toMillis()).sum();
    }

    private static String s(long millis) {
        return String.format("%.2f s", millis / 1000.0);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
