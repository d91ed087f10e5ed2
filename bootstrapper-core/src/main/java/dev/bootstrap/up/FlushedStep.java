package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import java.util.Set;

/**
 * A phase of a node's pipeline whose files reach the node before it ends. The steps that only make
 * files (or start a service with a command, before which held files are written) hold their writes
 * back to send them in one round trip; the others write through, since something may wait for their
 * files outside the host (control-plane-join-etcd waits for the etcd its manifest starts).
 */
final class FlushedStep implements Phase<UpNode> {

    /** Steps whose files nothing outside the node's host waits on while they run. */
    private static final Set<String> HOLDING = Set.of("certs", "kubeconfig", "etcd", "control-plane", "kubelet-start",
            "kubelet-finalize", "control-plane-prepare");

    private final Phase<UpNode> phase;

    FlushedStep(Phase<UpNode> phase) {
        this.phase = phase;
    }

    @Override
    public String name() {
        return phase.name();
    }

    @Override
    public String title() {
        return phase.title();
    }

    @Override
    public Outcome run(UpNode node) throws Exception {
        node.holdWrites(HOLDING.contains(phase.name()));
        Outcome outcome;
        try {
            outcome = phase.run(node);
        } catch (Exception | Error e) {
            // What the step wrote before it failed is still written, as without batching.
            try {
                node.flush();
            } catch (RuntimeException flush) {
                e.addSuppressed(flush);
            }
            throw e;
        }
        node.flush();
        return outcome;
    }
}
