package dev.bootstrap.cli;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.upgrade.RunningComponents;
import dev.bootstrap.upgrade.RunningComponentsReader;
import dev.bootstrap.upgrade.SkewPolicy;
import dev.bootstrap.upgrade.UpgradePlan;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bootstrap upgrade plan VERSION}: kubeadm's plan table for one target (what each component runs on each
 * node and would run), then the rules of the skew policy the upgrade would break. Reads the cluster only.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Show what an upgrade to VERSION would change, as kubeadm upgrade plan: each control-plane "
                + "component on each node, kube-proxy, CoreDNS and the kubelets, read through the API; then whether "
                + "kubeadm's version skew policy allows it. Changes nothing.",
                "Exit 0 when the policy allows the upgrade (the rules kubeadm lets --force pass are printed as "
                        + "warnings), 1 when a rule that cannot be forced refuses it."})
public final class UpgradePlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    AdminKubeconfigOption admin;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The target Kubernetes version, e.g. "
            + VersionTable.DEFAULT_VERSION + " (one minor above the cluster's at most). Without it: the newest patch of "
            + "the cluster's minor and of the next one that this bootstrap's version table knows (no network look-up).")
    String version;

    @Mixin
    AllowUpgradeOptions allow;

    @Override
    public Integer call() {
        RunningComponents running;
        try (KubernetesClient client = admin.load(spec, global).client()) {
            running = RunningComponentsReader.read(client);
        }
        List<KubernetesVersion> targets;
        if (version != null) {
            targets = List.of(UpgradeCommand.version(spec, version));
        } else if (running.versions().apiServers().isEmpty()) {
            throw new IllegalStateException("no kube-apiserver mirror Pod found, so the cluster's version is unknown: "
                    + "name the target (bootstrap upgrade plan VERSION)");
        } else {
            targets = UpgradePlan.candidates(running.versions().newestApiServer());
        }
        List<UpgradePlan> plans = targets.stream().map(t -> UpgradePlan.of(running, t, allow.allow(false, false))).toList();
        int exit = plans.stream().allMatch(p -> p.allowed(true)) ? 0 : 1;
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            List<Map<String, Object>> docs = plans.stream().map(UpgradePlanCommand::json).toList();
            Json.print(out, version != null ? docs.get(0) : Map.of("plans", docs));
        } else if (plans.isEmpty()) {
            out.println("[upgrade/versions] Cluster version: " + running.versions().newestApiServer());
            out.println("No newer version of this minor or the next is known to this bootstrap (its version table "
                    + "ends at " + VersionTable.DEFAULT_VERSION + "); name one: bootstrap upgrade plan VERSION");
        } else {
            plans.forEach(p -> print(out, p));
        }
        out.flush();
        return exit;
    }

    private static Map<String, Object> json(UpgradePlan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("clusterVersion", plan.current() == null ? null : plan.current().toString());
        doc.put("targetVersion", plan.target().toString());
        doc.put("components", plan.components());
        doc.put("kubelets", plan.kubelets());
        doc.put("violations", plan.violations().stream().map(v -> Map.of("rule", v.rule().name(),
                "severity", v.severity().name().toLowerCase(java.util.Locale.ROOT), "message", v.message())).toList());
        doc.put("allowed", plan.allowed(true));
        return doc;
    }

    private static void print(PrintWriter out, UpgradePlan plan) {
        out.println("[upgrade/versions] Cluster version: " + (plan.current() == null ? "unknown" : plan.current()));
        out.println("[upgrade/versions] Target version: " + plan.target());
        if (!plan.kubelets().isEmpty()) {
            out.println();
            out.println("Components that must be upgraded on each node after the control plane (the kubelet binary):");
            out.print(TextTable.render(table(plan.kubelets())));
        }
        out.println();
        out.println("Upgrade to " + plan.target() + ":");
        out.println();
        out.print(TextTable.render(table(plan.components())));
        out.println();
        for (SkewPolicy.Violation v : plan.violations()) {
            boolean forced = v.severity() == SkewPolicy.Severity.SKIPPABLE;
            out.println((forced ? "[WARNING " : "[ERROR ") + v.rule() + "]: " + v.message()
                    + (forced ? " (skippable, as kubeadm's --force)" : ""));
        }
        out.println(plan.allowed(true) ? "kubeadm's version skew policy allows this upgrade."
                : "kubeadm's version skew policy refuses this upgrade.");
    }

    private static List<List<String>> table(List<UpgradePlan.Row> rows) {
        List<List<String>> table = new ArrayList<>();
        table.add(List.of("COMPONENT", "NODE", "CURRENT", "TARGET"));
        rows.forEach(r -> table.add(List.of(r.component(), r.node(), r.current(), r.target())));
        return table;
    }
}
