package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cluster.ClusterHosts;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.GoDuration;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.reset.EtcdApiMemberRemoval;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.up.ClusterMembers;
import dev.bootstrap.up.ClusterUp;
import dev.bootstrap.up.UpOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap up -f FILE}: the whole cluster of a cluster file, every node in its own pipeline. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Bring up (or converge) the cluster a cluster file describes, over SSH: connect, preflight on "
                + "every node at once, init the first control plane, join the other control planes one at a time "
                + "and the workers in parallel (up to spec.concurrency). Each node moves on as soon as its own step "
                + "is done; a failed worker does not stop the others.",
                "Running it again finishes what a failed or killed run left undone; on a converged cluster it "
                        + "changes nothing. Exit 1 names the nodes that failed."})
public final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The cluster file "
            + "('bootstrap config print cluster-defaults' prints an example).")
    Path file;

    @Option(names = "--ignore-preflight-errors", split = ",", paramLabel = "NAME",
            description = "Checks whose errors become warnings on every node; 'all' ignores every error.")
    List<String> ignorePreflight = new ArrayList<>();

    @Option(names = "--wait-timeout", paramLabel = "DURATION", description = "Longest wait for each of: the control "
            + "plane's health, a kubelet's TLS bootstrap, etcd (Go duration, default ${DEFAULT-VALUE}).")
    String waitTimeout = "4m0s";

    @Option(names = "--no-prepare", description = "Take the nodes as they are: skip spec.prepare (swap, kernel "
            + "modules and sysctls, container runtime, kubelet).")
    boolean noPrepare;

    @Option(names = "--prune", description = "Also remove the nodes the cluster has and the file no longer lists: "
            + "each is reset (over SSH at its InternalIP, with the file's SSH settings) and its Node deleted. "
            + "Without it they are left alone and named.")
    boolean prune;

    @Mixin
    DebugLogOptions debugLog;

    @Option(names = "--templates-dir", paramLabel = "DIR", description = "Templates that override the built-in ones, by file name.")
    Path templatesDir;

    @Option(names = "--snapshot-dir", paramLabel = "DIR", description = "Where a rolling upgrade keeps the etcd snapshot "
            + "it takes first (default: $XDG_STATE_HOME/bootstrap/snapshots, else ~/.local/state/bootstrap/snapshots).")
    Path snapshotDir;

    /** The XDG base directory for state: snapshots outlive the run, but are no user's documents. */
    static Path defaultSnapshotDir(java.util.Map<String, String> env) {
        String state = env.get("XDG_STATE_HOME");
        Path base = state != null && !state.isBlank() ? Path.of(state)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".local", "state");
        return base.resolve("bootstrap").resolve("snapshots");
    }

    @Override
    public Integer call() {
        if (global.rootfs != null) {
            throw new ParameterException(spec.commandLine(), "--rootfs does not apply to up: the nodes of a cluster "
                    + "file are reached over SSH");
        }
        Duration wait = GoDuration.parse(waitTimeout).filter(d -> !d.isNegative() && !d.isZero()).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--wait-timeout: expected a positive Go duration such as "
                        + "90s or 4m0s, got \"" + waitTimeout + "\""));
        ClusterFile read = ClusterFileReader.read(file, System.getenv());
        ClusterFile cluster = noPrepare ? read.withoutPrepare() : read;
        Warnings.endOfLife(spec, cluster.kubeadm().kubernetesVersion());
        // The CNI's objects, whose images must resolve as kubeadm's do: none until up applies a CNI.
        TemplateRenderer templates = new TemplateRenderer(templatesDir == null ? TemplateSource.builtIn()
                : TemplateSource.withOverrides(templatesDir));
        ClusterUp.refuseUnresolvedImages(cluster, templates);
        PrintWriter out = spec.commandLine().getOut();
        EventPrinter printer = new EventPrinter(out, global.json(), true);
        ClusterUp.Result result;
        List<ClusterNode> removed;
        try (DebugLogOptions log = debugLog.open();
             ClusterHosts hosts = new ClusterHosts(cluster.nodes(), SshOptions.secrets(System.getenv(), log::redact),
                     log::wrap)) {
            // A pruned control plane leaves etcd through the file's control planes, the first one first.
            UpOptions options = new UpOptions(IgnoredErrors.parse(ignorePreflight), wait,
                    templates,
                    System.getenv(), LockHolder.ofThisProcess("bootstrap up -f " + file),
                    new EtcdApiMemberRemoval(cluster.controlPlanes().stream().map(ClusterNode::name).toList(), hosts),
                    snapshotDir != null ? snapshotDir : defaultSnapshotDir(System.getenv()));
            // Without --prune they are only named at the end: looked up while the nodes come up, not before.
            CompletableFuture<List<ClusterNode>> lookup = prune
                    ? CompletableFuture.completedFuture(removedNodes(cluster, hosts, true))
                    : CompletableFuture.supplyAsync(() -> removedNodes(cluster, hosts, false));
            List<ClusterNode> pruned = prune ? lookup.join() : List.of();
            pruned.forEach(hosts::add);
            ClusterUp up = new ClusterUp();
            result = InterruptHook.around(spec.commandLine().getErr(), up::interrupt, "bootstrap up",
                    () -> up.run(cluster, hosts, options, pruned, printer));
            removed = lookup.join();
        }
        RunReport report = result.report();
        result.warnings().forEach(Warnings.to(spec));
        List<String> leftAlone = prune ? List.of() : removed.stream().map(ClusterNode::name).toList();
        if (global.json()) {
            Map<String, Object> doc = resultObject(cluster, report);
            doc.put("notInFile", leftAlone);
            doc.put("warnings", result.warnings());
            out.println(Json.line(doc));
        } else {
            printTable(out, cluster, report);
            if (!leftAlone.isEmpty()) {
                out.println("Left alone: " + String.join(", ", leftAlone) + " (in the cluster, not in the file); "
                        + "'bootstrap up --prune' resets them and deletes their Nodes.");
            }
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }

    /**
     * The cluster's nodes the file no longer lists. Without --prune this only informs, so not being able
     * to tell (first control plane unreachable: its pipeline reports that) is no reason to stop.
     */
    private static List<ClusterNode> removedNodes(ClusterFile cluster, ClusterHosts hosts, boolean prune) {
        try {
            return ClusterMembers.notInFile(cluster, hosts);
        } catch (RuntimeException e) {
            if (prune) {
                throw new IllegalStateException("--prune: cannot list the cluster's nodes through "
                        + cluster.firstControlPlane().name() + ": " + e.getMessage(), e);
            }
            return List.of();
        }
    }

    private static Map<String, Object> resultObject(ClusterFile cluster, RunReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("result", report.ok() ? "success" : "failure");
        m.put("cluster", cluster.name());
        m.put("changed", report.changed());
        List<Map<String, Object>> nodes = new ArrayList<>();
        report.byHost().forEach((host, results) -> {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("node", host);
            n.put("status", failure(results) == null ? "ok" : "failed");
            n.put("changed", results.stream().filter(r -> r.status() == Status.CHANGED).count());
            n.put("durationMs", results.stream().mapToLong(r -> r.duration().toMillis()).sum());
            PhaseResult failed = failure(results);
            if (failed != null) {
                n.put("phase", failed.phase());
                n.put("error", failed.error());
            }
            nodes.add(n);
        });
        m.put("nodes", nodes);
        m.put("failed", report.failures().stream().map(PhaseResult::host).toList());
        return m;
    }

    private static void printTable(PrintWriter out, ClusterFile cluster, RunReport report) {
        out.println();
        Table table = new Table("NODE", "ROLE", "STATUS", "CHANGED", "TIME", "FAILED PHASE");
        report.byHost().keySet().forEach(name -> {
            ClusterNode node = cluster.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElse(null);
            List<PhaseResult> results = report.byHost().get(name);
            PhaseResult failed = failure(results);
            table.row(name, node == null ? "removed" : node.role().yamlName(), failed == null ? "ok" : "FAILED",
                    String.valueOf(results.stream().filter(r -> r.status() == Status.CHANGED).count()),
                    String.format("%.1fs", results.stream().mapToLong(r -> r.duration().toMillis()).sum() / 1000.0),
                    failed == null ? "" : failed.phase());
        });
        table.print(out);
        out.println();
        if (report.ok()) {
            out.println("Cluster " + cluster.name() + " is up: " + report.byHost().size() + " nodes, "
                    + report.changed() + " changed.");
        } else {
            out.println("Cluster " + cluster.name() + " is NOT up: " + report.failures().size() + " of "
                    + report.byHost().size() + " nodes failed, " + report.changed() + " changed.");
            for (PhaseResult f : report.failures()) {
                out.println("  " + f.host() + " (" + f.phase() + "): " + f.error().lines().findFirst().orElse(""));
            }
            out.println("Fix what is named above and run 'bootstrap up -f FILE' again: it finishes what is left.");
        }
    }

    private static PhaseResult failure(List<PhaseResult> results) {
        return results.stream().filter(r -> r.status() == Status.FAILED).findFirst().orElse(null);
    }
}
