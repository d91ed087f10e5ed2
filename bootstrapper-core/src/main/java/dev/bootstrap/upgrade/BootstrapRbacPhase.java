package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.BootstrapTokens;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import java.util.List;

/**
 * kubeadm's upgrade bootstrap-token phase: the RBAC of bootstrap tokens and cluster-info applied again for the
 * target release (tokens and cluster-info themselves stay). Only apply runs it.
 */
final class BootstrapRbacPhase implements Phase<UpgradeContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("bootstrap-token", "Configure bootstrap token and cluster-info RBAC "
            + "rules");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpgradeContext ctx) {
        if (ctx.dryRun()) {
            return Outcome.unchanged("[dryrun] Would apply the bootstrap token and cluster-info RBAC rules");
        }
        List<ObjectApplier.Applied> applied = new BootstrapTokens(ctx.client()).rbac(
                ctx.config().release().has(VersionTable.Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION));
        return new Outcome(ObjectApplier.Applied.anyChanged(applied) ? Status.CHANGED : Status.UNCHANGED,
                applied.stream().map(ObjectApplier.Applied::line).toList());
    }
}
