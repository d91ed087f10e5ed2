package dev.bootstrap.join;

import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.preflight.PreflightRole;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.List;

/**
 * The phases of a control-plane join, in kubeadm's order (its sub-phases flattened into names usable
 * with --skip-phases): the machine is prepared before the kubelet starts, the etcd member is added
 * once the kubelet runs its manifest, and the Node is marked last.
 */
public final class ControlPlaneJoin {

    private ControlPlaneJoin() {
    }

    public static List<Phase<JoinContext>> phases(TemplateRenderer renderer, ControlPlaneSettings settings) {
        ControlPlanePreparePhase prepare = new ControlPlanePreparePhase(renderer, settings);
        return List.of(new JoinPreflightPhase(PreflightRole.CONTROL_PLANE_JOIN), prepare, new JoinKubeletStartPhase(renderer), new WaitBootstrapPhase(),
                new EtcdJoinPhase(prepare, settings), new MarkControlPlaneJoinPhase(settings));
    }

    /**
     * What each phase of a control-plane join is, in order; a worker's phases are among them. The phases are
     * only made to be named here: nothing runs them, so they need no templates or settings.
     */
    public static List<PhaseSpec> specs() {
        return phases(null, null).stream().map(Phase::spec).toList();
    }
}
