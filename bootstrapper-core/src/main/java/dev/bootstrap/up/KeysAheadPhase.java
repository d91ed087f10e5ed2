package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;

/**
 * On the first control plane of a new cluster (no CA yet), starts making the PKI's keys in the background, so
 * that they are made while the node takes the lock and runs preflight (and the other nodes connect) rather than
 * in the certs phase, the critical path's longest step.
 */
final class KeysAheadPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("keys-ahead", "Start making a new cluster's keys");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        String ca = node.run().file.kubeadm().layout().caCert();
        if (node.host().stat(ca).isPresent()) {
            return Outcome.unchanged(ca + " exists: the cluster's keys were made by an earlier run");
        }
        node.run().prefetchKeys();
        return Outcome.unchanged("a new cluster: its keys are being made");
    }
}
