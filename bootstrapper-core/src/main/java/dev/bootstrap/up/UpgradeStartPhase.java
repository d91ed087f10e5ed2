package dev.bootstrap.up;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseSpec;

/** Notes on the first control plane, under the lock, that the cluster is being upgraded to the hop's version. */
final class UpgradeStartPhase extends RollingPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("upgrade-start", "Note the upgrade under way on the first control plane");


    UpgradeStartPhase(RollingRun rolling) {
        super(SPEC, rolling);
    }

    @Override
    public Outcome run(UpNode node) {
        if (UpgradeMarker.read(node.host()).filter(rolling.hop::equals).isPresent()) {
            return Outcome.unchanged("an earlier run began the upgrade to " + rolling.hop + ": it is finished now");
        }
        UpgradeMarker.write(node.host(), rolling.hop);
        return Outcome.changed("upgrading the cluster to " + rolling.hop + " (" + UpgradeMarker.PATH + ")");
    }
}
