package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.state.ClusterLock;
import dev.bootstrap.state.LockHolder;

/**
 * Takes the cluster lock on the first control plane before anything changes anywhere (every other
 * pipeline waits for this one's join ticket). A lock whose holder was a run on this machine that no
 * longer exists (killed) is taken over at once; any other live lock refuses the run, naming its holder.
 */
final class LockPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("lock", "Take the cluster lock");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        if (node.run().holdsLock()) {
            return Outcome.unchanged("held by this run since its rolling upgrade");
        }
        LockHolder me = node.run().options.me();
        ClusterLock.Lease lease = new ClusterLock(node.host()).acquire(me, LockHolder::deadOnThisMachine);
        node.run().lease(lease);
        return lease.takeOver()
                .map(t -> Outcome.unchanged("took over the lock of a run that is gone: " + t.previous().describe()))
                .orElseGet(() -> Outcome.unchanged("held by this run: " + me.describe()));
    }
}
