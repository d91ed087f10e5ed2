package dev.bootstrap.join;

import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.preflight.PreflightRole;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.List;

/** The phases of a worker join, in kubeadm's order and with kubeadm's names (for --skip-phases). */
public final class WorkerJoin {

    private WorkerJoin() {
    }

    public static List<Phase<JoinContext>> phases(TemplateRenderer renderer) {
        return List.of(new JoinPreflightPhase(PreflightRole.WORKER), new JoinKubeletStartPhase(renderer), new WaitBootstrapPhase());
    }

    /** What each phase of a worker join is, in order (the phases are only made to be named: nothing runs them). */
    public static List<PhaseSpec> specs() {
        return phases(null).stream().map(Phase::spec).toList();
    }
}
