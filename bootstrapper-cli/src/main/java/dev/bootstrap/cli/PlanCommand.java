package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cluster.ClusterHosts;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.up.ClusterPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap plan -f FILE}: what {@code up} would do on each node and why; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show, per node of a cluster file, what 'bootstrap up' would do and why (new node, changed or "
                + "missing file, cluster file changed, certificate expiring within 30 days, node removed from the "
                + "file, node unreachable). Only reads: nothing changes on any node or in the cluster.",
                "Exit 1 when a node is unreachable (what up would do there is unknown), when an image the cluster runs "
                        + "does not resolve through spec.registries (up would stop on it), or on an error; else 0, or with "
                        + "--detailed-exitcode 0 when nothing would change and 2 when up would change something."})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE", description = "The cluster file.")
    Path file;

    @Option(names = "--no-prepare", description = "Take the nodes as they are: skip spec.prepare (swap, kernel "
            + "modules and sysctls, container runtime, kubelet).")
    boolean noPrepare;

    @Option(names = "--detailed-exitcode", description = "For scripts: exit 0 when the cluster matches the file, "
            + "2 when 'bootstrap up' would change something, 1 on an error or an unreachable node.")
    boolean detailedExitcode;

    @Mixin
    DebugLogOptions debugLog;

    @Override
    public Integer call() throws InterruptedException {
        if (global.rootfs != null) {
            throw new ParameterException(spec.commandLine(), "--rootfs does not apply to plan: the nodes of a cluster "
                    + "file are reached over SSH");
        }
        ClusterFile read = ClusterFileReader.read(file, System.getenv());
        ClusterFile cluster = noPrepare ? read.withoutPrepare() : read;
        Warnings.endOfLife(spec, cluster.kubeadm().kubernetesVersion());
        ClusterPlan.Result plan;
        try (DebugLogOptions log = debugLog.open();
             ClusterHosts hosts = new ClusterHosts(cluster.nodes(), SshOptions.secrets(System.getenv(), log::redact),
                     log::wrap)) {
            plan = new ClusterPlan(new TemplateRenderer(TemplateSource.builtIn()), System.getenv())
                    .plan(cluster, hosts, Duration.ofMinutes(4), Instant.now());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("cluster", cluster.name());
            m.put("converged", plan.converged());
            m.put("nodes", plan.nodes().stream().map(n -> Map.of("node", n.node(), "role", n.role().yamlName(),
                    "actions", n.actions().stream().map(a -> Map.of("action", a.what(), "reason", a.why())).toList()))
                    .toList());
            m.put("removed", plan.removed());
            m.put("notes", plan.notes());
            m.put("unreachable", plan.unreachable());
            m.put("unresolvedImages", plan.unresolved());
            out.println(Json.line(m));
        } else {
            print(out, plan);
        }
        out.flush();
        if (!plan.unreachable().isEmpty() || !plan.unresolved().isEmpty()) {
            return 1;
        }
        return detailedExitcode && !plan.converged() ? 2 : 0;
    }

    private static void print(PrintWriter out, ClusterPlan.Result plan) {
        for (ClusterPlan.NodePlan n : plan.nodes()) {
            if (n.actions().isEmpty()) {
                out.println(n.node() + " (" + n.role().yamlName() + "): nothing to do");
            }
            for (ClusterPlan.Action a : n.actions()) {
                out.println(n.node() + " (" + n.role().yamlName() + "): " + a.what() + ": " + a.why());
            }
        }
        for (String removed : plan.removed()) {
            out.println(removed + ": removed from the file, still in the cluster: 'bootstrap up --prune' resets it "
                    + "and deletes its Node");
        }
        plan.notes().forEach(note -> out.println("note: " + note));
        plan.unresolved().forEach(image -> out.println("unresolved image: " + image));
        List<ClusterPlan.NodePlan> changing = plan.nodes().stream().filter(n -> !n.actions().isEmpty()).toList();
        out.println();
        if (!plan.unresolved().isEmpty()) {
            out.println("Plan: 'bootstrap up' would stop before touching any node: " + plan.unresolved().size()
                    + " image(s) no node could pull through spec.registries (named above).");
            return;
        }
        if (!plan.unreachable().isEmpty()) {
            out.println("Plan incomplete: " + String.join(", ", plan.unreachable()) + " unreachable; what 'bootstrap up' "
                    + "would do there is unknown.");
            return;
        }
        out.println(plan.converged() ? "Plan: the cluster matches the file; 'bootstrap up' would change nothing."
                : "Plan: " + changing.size() + " of " + plan.nodes().size() + " nodes to change"
                + (plan.removed().isEmpty() ? "" : ", " + plan.removed().size() + " to remove with --prune") + ".");
    }
}
