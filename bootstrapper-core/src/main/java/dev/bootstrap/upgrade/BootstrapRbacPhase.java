package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.BootstrapTokens;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.phases.PhaseSpec;
import java.util.List;

/**
 * kubeadm's upgrade bootstrap-token phase: the RBAC of bootstrap tokens and cluster-info applied again for the
 * target release (tokens and cluster-info themselves stay). Only apply runs it.
 */
final class BootstrapRbacPhase extends UpgradeApiPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("bootstrap-token", "Configure bootstrap token and cluster-info RBAC "
            + "rules");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    String wouldDo(UpgradeContext ctx) {
        return "apply the bootstrap token and cluster-info RBAC rules";
    }

    @Override
    List<ObjectApplier.Applied> apply(UpgradeContext ctx) {
        return new BootstrapTokens(ctx.client()).rbac(
                ctx.config().release().has(VersionTable.Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION));
    }
}
