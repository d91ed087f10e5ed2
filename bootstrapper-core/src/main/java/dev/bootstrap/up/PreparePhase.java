package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.prepare.NodePreparation;
import dev.bootstrap.prepare.PrepareTarget;

/**
 * {@code spec.prepare} on a node before its preflight: swap off, the kernel's modules and sysctls, the runtime and
 * the kubelet installed and containerd configured ({@link NodePreparation}), so preflight judges a prepared node.
 */
final class PreparePhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("prepare", "Prepare the node (swap, kernel, container runtime, kubelet)");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        UpRun run = node.run();
        return new NodePreparation(PrepareTarget.of(run.file, node.isControlPlane(), run.binaries,
                run.options.templates())).apply(node.host());
    }
}
