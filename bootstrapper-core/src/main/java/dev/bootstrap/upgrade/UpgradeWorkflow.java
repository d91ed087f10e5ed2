package dev.bootstrap.upgrade;

import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.RunReport;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code upgrade apply} and {@code upgrade node} on one node: kubeadm's upgrade phases in kubeadm's order
 * (cmd/kubeadm/app/cmd/upgrade/apply.go and node.go, v1.31+; the hidden kubeconfig phase has nothing to do for
 * bootstrap's kubeconfigs).
 */
public final class UpgradeWorkflow {

    /** What the run did; the dry run's recorded writes and commands. */
    public record Result(RunReport report, List<String> dryRunActions) {
    }

    /** apply, on the first control plane. */
    public static List<Phase<UpgradeContext>> applyPhases() {
        return List.of(new UpgradePreflightPhase(), new ControlPlaneUpgradePhase(), new UpgradeUploadConfigPhase(),
                new KubeletConfigPhase(), new BootstrapRbacPhase(), new UpgradeAddonPhase(), new PostUpgradePhase());
    }

    /** node, on the other control planes and on workers. */
    public static List<Phase<UpgradeContext>> nodePhases() {
        return List.of(new UpgradePreflightPhase(), new ControlPlaneUpgradePhase(), new KubeletConfigPhase(),
                new UpgradeAddonPhase(), new PostUpgradePhase());
    }

    public static List<PhaseSpec> specs(boolean apply) {
        return (apply ? applyPhases() : nodePhases()).stream().map(Phase::spec).toList();
    }

    /**
     * @param options with a target for apply, without one for node
     * @param only    run just these phases, or empty for all
     */
    public Result run(Host node, UpgradeOptions options, Set<String> only, Consumer<PhaseEvent> events) {
        boolean apply = options.target().isPresent();
        options.skipPhases().checkedAgainst("upgrade " + (apply ? "apply" : "node"), specs(apply));
        RunReport report;
        List<String> actions;
        try (UpgradeContext ctx = UpgradeContext.open(node, options)) {
            report = new PhaseRunner(1, events).run(Phase.selected(apply ? applyPhases() : nodePhases(), only),
                    List.of(new PhaseRunner.Target<>(node.name(), ctx)), options.skipPhases());
            actions = ctx.files() instanceof DryRunHost dry ? dry.actions() : List.of();
        }
        return new Result(report, actions);
    }
}
