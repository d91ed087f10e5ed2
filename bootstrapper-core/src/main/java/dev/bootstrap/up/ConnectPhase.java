package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;

/**
 * Opens the node's SSH connection (the one every later phase uses); an unreachable node fails alone. The first
 * control plane connects first and then lets the others connect ({@link UpSchedule}).
 */
final class ConnectPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("connect", "Connect to the node over SSH");

    private final boolean first;

    private ConnectPhase(boolean first) {
        this.first = first;
    }

    /** The first control plane's: the others connect once it has ({@link UpRun#giveHeadStart}). */
    static ConnectPhase givingHeadStart() {
        return new ConnectPhase(true);
    }

    /** Every other node's: it waits for the first control plane's connect ({@link UpRun#awaitHeadStart}). */
    static ConnectPhase afterHeadStart() {
        return new ConnectPhase(false);
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        if (!first) {
            node.run().awaitHeadStart();
        }
        node.host();
        if (first) {
            node.run().giveHeadStart();
        }
        return Outcome.unchanged("connected to " + node.node().target());
    }
}
