package dev.bootstrap.join;

import dev.bootstrap.phases.Phase;
import dev.bootstrap.preflight.Role;
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
        return List.of(new JoinPreflightPhase(Role.CONTROL_PLANE_JOIN), prepare, new KubeletStartPhase(renderer), new WaitBootstrapPhase(),
                new EtcdJoinPhase(prepare, settings), new MarkControlPlaneJoinPhase(settings));
    }
}
