package dev.bootstrap.join;

import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.preflight.PreflightRole;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.List;

/**
 * The phases of a control-plane join, in kubeadm's order and with kubeadm's names (cmd/kubeadm/app/cmd/join.go,
 * newCmdJoin, 1.35+): the machine is prepared before the kubelet starts, the etcd member is added once the kubelet
 * runs its manifest, the kubelet's TLS bootstrap is awaited, the Node is marked, and this node's control plane must
 * answer.
 */
public final class ControlPlaneJoin {

    private ControlPlaneJoin() {
    }

    public static List<Phase<JoinContext>> phases(TemplateRenderer renderer, ControlPlaneSettings settings) {
        ControlPlanePreparePhase prepare = new ControlPlanePreparePhase(renderer, settings);
        return List.of(new JoinPreflightPhase(PreflightRole.CONTROL_PLANE_JOIN), prepare,
                new JoinKubeletStartPhase(renderer), new EtcdJoinPhase(prepare, settings), new WaitBootstrapPhase(),
                new MarkControlPlaneJoinPhase(settings), new WaitControlPlaneJoinPhase(settings));
    }

    /**
     * What each phase of a control-plane join is, in order; a worker's phases are among them. The phases are
     * only made to be named here: nothing runs them, so they need no templates or settings.
     */
    public static List<PhaseSpec> specs() {
        return phases(null, null).stream().map(Phase::spec).toList();
    }
}
