package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.NodeLayout;

/**
 * Opens the node's SSH connection (the one every later phase uses); an unreachable node fails alone.
 * On the first control plane of a new cluster it also starts making the PKI's keys; the other nodes
 * connect once it has ({@link UpRun#awaitHeadStart}), so their connect includes that wait.
 */
final class ConnectPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("connect", "Connect to the node over SSH");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        if (!node.isFirstControlPlane()) {
            node.run().awaitHeadStart();
        } else if (node.host().stat(node.run().file.kubeadm().layout().caCert()).isEmpty()) {
            node.run().prefetchKeys();
            return Outcome.unchanged("connected to " + node.node().target(), "a new cluster: its keys are being made");
        }
        node.host();
        return Outcome.unchanged("connected to " + node.node().target());
    }
}
