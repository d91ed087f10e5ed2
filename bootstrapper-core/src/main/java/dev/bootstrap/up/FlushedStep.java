package dev.bootstrap.up;

import dev.bootstrap.host.ConnectionLostException;
import dev.bootstrap.host.HostException;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import java.util.Optional;

/**
 * A phase of a node's pipeline whose files reach the node before it ends. The steps that only make
 * files (or start a service with a command, before which held files are written) hold their writes
 * back to send them in one round trip ({@link Trait#HOLDS_WRITES}); the others write through, since something may wait for their
 * files outside the host (etcd-join waits for the etcd its manifest starts).
 */
final class FlushedStep implements Phase<UpNode> {

    private final Phase<UpNode> phase;

    FlushedStep(Phase<UpNode> phase) {
        this.phase = phase;
    }

    @Override
    public PhaseSpec spec() {
        return phase.spec();
    }

    /**
     * A step whose connection was lost runs again on a new one, at most this often in all: every step is
     * idempotent and every write atomic, so running one again finishes what the lost connection cut short.
     */
    static final int ATTEMPTS = 3;

    @Override
    public Outcome run(UpNode node) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = runOnce(node);
                return attempt == 1 ? outcome : outcome.withDetail("the connection to " + node.node().name()
                        + " was lost and made again (" + attempt + " attempts)");
            } catch (Exception | Error e) {
                Optional<ConnectionLostException> lost = ConnectionLostException.in(e);
                if (lost.isEmpty()) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw lostFor(node, ATTEMPTS + " times during " + doing(), lost.get().getMessage(), e);
                }
                try {
                    node.reconnect();
                } catch (RuntimeException again) {
                    again.addSuppressed(e);
                    throw lostFor(node, "during " + doing() + " and could not be made again", again.getMessage(), again);
                }
            }
        }
    }

    /** What the user reads when the node fails for its connection: what was cut short, what to do, then why. */
    private static HostException lostFor(UpNode node, String how, String why, Throwable cause) {
        String name = node.node().name();
        return new HostException(name, "the connection to " + name + " was lost " + how + "; check that " + name
                + " is up and reachable over SSH, then run `bootstrap up` again: " + why, cause);
    }

    /** The step by its name and title ("kubelet-start (Write the kubelet's ...)"): what the lost connection cut short. */
    private String doing() {
        return phase.name() + " (" + phase.title() + ")";
    }

    private Outcome runOnce(UpNode node) throws Exception {
        node.holdWrites(spec().has(Trait.HOLDS_WRITES));
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
