package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.MarkControlPlane;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Shell;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm's upgrade preflight (cmd/kubeadm/app/cmd/phases/upgrade/apply/preflight.go, node/preflight.go;
 * cmd/kubeadm/app/phases/upgrade/health.go) on one node: the checks that would stop the run half-way, each
 * ignorable by name with --ignore-preflight-errors; then, for apply, kubeadm's version skew policy, whose skippable
 * rules only --force passes. Changes nothing.
 */
final class UpgradePreflightPhase implements Phase<UpgradeContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("preflight", "Run upgrade preflight checks");
    static final String MANIFESTS_CHECK = "StaticPodManifest";
    static final String NODES_READY_CHECK = "ControlPlaneNodesReady";
    static final String SPACE_CHECK = "UpgradeBackupSpace";

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpgradeContext ctx) {
        List<String> errors = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        if (ctx.options().target().isPresent() && !ctx.controlPlane()) {
            throw new UpgradeException("[" + ctx.node().name() + "] " + NodeLayout.manifest("kube-apiserver")
                    + " is missing: 'upgrade apply' runs on a control plane; use 'upgrade node' on workers");
        }
        if (ctx.controlPlane()) {
            check(ctx, MANIFESTS_CHECK, missingManifests(ctx), errors, lines);
            check(ctx, NODES_READY_CHECK, notReadyControlPlanes(ctx), errors, lines);
            check(ctx, SPACE_CHECK, backupSpace(ctx), errors, lines);
        }
        if (!errors.isEmpty()) {
            throw new UpgradeException("[" + ctx.node().name() + "] upgrade preflight found errors:\n\t"
                    + String.join("\n\t", errors) + "\nFix them, or name a check in --ignore-preflight-errors to go on anyway");
        }
        ctx.options().target().ifPresent(target -> lines.addAll(skewPolicy(ctx, target)));
        return new Outcome(Status.UNCHANGED, lines);
    }

    private static void check(UpgradeContext ctx, String name, Optional<String> problem, List<String> errors,
                              List<String> lines) {
        problem.ifPresentOrElse(p -> {
            if (ctx.options().ignored().ignores(name)) {
                lines.add("[WARNING " + name + "]: " + p);
            } else {
                errors.add("[ERROR " + name + "]: " + p);
            }
        }, () -> lines.add(name + ": ok"));
    }

    private static Optional<String> missingManifests(UpgradeContext ctx) {
        List<String> missing = ControlPlaneUpgradePhase.COMPONENTS.stream().map(NodeLayout::manifest)
                .filter(p -> ctx.node().stat(p).isEmpty()).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("missing " + String.join(", ", missing)
                + "; kubeadm's upgrade only replaces manifests that init or join wrote on this node");
    }

    private static Optional<String> notReadyControlPlanes(UpgradeContext ctx) {
        List<Node> nodes = ctx.client().nodes().withLabel(MarkControlPlane.CONTROL_PLANE_LABEL).list().getItems();
        List<String> notReady = nodes.stream().filter(n -> !NodeConditions.ready(n)).map(n -> n.getMetadata().getName()).toList();
        return notReady.isEmpty() ? Optional.empty() : Optional.of("control-plane Nodes not Ready: "
                + String.join(", ", notReady) + "; upgrade one only when all are (kubectl describe node NAME)");
    }

    /**
     * The etcd data directory is copied into /etc/kubernetes/tmp before etcd changes: its file system needs room for
     * twice the data (the copy and the etcd's growth meanwhile; kubernetes/kubeadm#3023).
     */
    private static Optional<String> backupSpace(UpgradeContext ctx) {
        if (!ctx.config().cluster().localEtcd() || !ctx.options().etcdUpgrade()) {
            return Optional.empty();
        }
        String dataDir = ctx.node().shellPath(ctx.config().cluster().etcd().local().dataDir());
        // The file system of /etc/kubernetes/tmp, or of /etc/kubernetes before the first backup made it.
        String tmp = ctx.node().shellPath(NodeLayout.TMP_DIR);
        String kubernetesDir = ctx.node().shellPath(NodeLayout.KUBERNETES_DIR);
        String out = ctx.node().runChecked("{ du -sk " + Shell.quote(dataDir) + " 2>/dev/null || echo 0; } | cut -f1; df -Pk "
                + "\"$(test -d " + Shell.quote(tmp) + " && echo " + Shell.quote(tmp) + " || echo "
                + Shell.quote(kubernetesDir) + ")\" | awk 'NR==2 {print $4}'", Duration.ofSeconds(60)).stdout();
        List<String> values = out.lines().map(String::strip).filter(l -> l.matches("\\d+")).toList();
        if (values.size() != 2) {
            return Optional.of("cannot measure the etcd data directory " + dataDir + " and the free space under "
                    + NodeLayout.KUBERNETES_DIR + " (got: " + out.strip() + ")");
        }
        long data = Long.parseLong(values.get(0));
        long free = Long.parseLong(values.get(1));
        return free >= 2 * data ? Optional.empty() : Optional.of(NodeLayout.TMP_DIR + " has " + free / 1024 + " MiB free, "
                + "the etcd backup needs " + 2 * data / 1024 + " MiB (twice " + dataDir + "); free space there or "
                + "remove old kubeadm-backup-* directories");
    }

    private static List<String> skewPolicy(UpgradeContext ctx, KubernetesVersion target) {
        List<SkewPolicy.Violation> violations = SkewPolicy.check(RunningComponentsReader.read(ctx.client()).versions(),
                target, ctx.options().allow());
        List<SkewPolicy.Violation> blocking = SkewPolicy.blocking(violations, ctx.options().force());
        if (!blocking.isEmpty()) {
            throw new UpgradeException("kubeadm's version skew policy refuses the upgrade to " + target + ":\n\t"
                    + String.join("\n\t", blocking.stream().map(SkewPolicy.Violation::toString).toList()));
        }
        List<String> lines = new ArrayList<>();
        violations.forEach(v -> lines.add("[WARNING " + v.rule() + "]: " + v.message() + " (passed with --force)"));
        lines.add("the version skew policy allows the upgrade from " + ctx.clusterVersion() + " to " + target);
        return lines;
    }
}
