package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;

/** Opens the node's SSH connection (the one every later phase uses); an unreachable node fails alone. */
final class ConnectPhase implements Phase<UpNode> {

    @Override
    public String name() {
        return "connect";
    }

    @Override
    public String title() {
        return "Connect to the node over SSH";
    }

    @Override
    public Outcome run(UpNode node) {
        node.host();
        return Outcome.unchanged("connected to " + node.node().target());
    }
}
