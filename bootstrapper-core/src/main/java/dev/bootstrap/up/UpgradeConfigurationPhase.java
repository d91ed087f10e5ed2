package dev.bootstrap.up;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.upgrade.SkewPolicy;
import dev.bootstrap.upgrade.UpgradeContext;
import dev.bootstrap.upgrade.UpgradeOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads what the node's upgrade works from (kubeadm-config, the node's name and endpoint: {@link UpgradeContext}):
 * for the first control plane kubeadm's {@code upgrade apply} to the hop's version, for the others {@code upgrade
 * node} to what apply left in kubeadm-config. Timeouts are up's --wait-timeout.
 */
final class UpgradeConfigurationPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("upgrade-configuration", "Read the cluster's configuration for the "
            + "upgrade");

    private final Optional<KubernetesVersion> apply;

    /** @param apply the hop's version on the first control plane; empty on the others */
    UpgradeConfigurationPhase(Optional<KubernetesVersion> apply) {
        this.apply = apply;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        UpOptions up = node.run().options;
        Duration wait = up.waitTimeout();
        Timeouts timeouts = new Timeouts(wait, wait, Timeouts.DEFAULT.kubernetesAPICall(), wait,
                Timeouts.DEFAULT.tlsBootstrap(), Timeouts.DEFAULT.discovery(), wait);
        UpgradeOptions options = new UpgradeOptions(apply, null, true, true, false, new SkewPolicy.Allow(false, false),
                up.ignoredErrors(), SkipPhases.NONE, "", timeouts, UpgradeOptions.RENEWAL_WINDOW, up.templates(),
                up.environment());
        node.closeUpgrade();
        UpgradeContext ctx = UpgradeContext.open(node.host(), options);
        node.upgrade(ctx);
        return Outcome.unchanged((ctx.controlPlane() ? "control plane" : "worker") + " " + ctx.config().nodeName()
                + ", from " + ctx.clusterVersion() + apply.map(v -> " to " + v).orElse(" to kubeadm-config's "
                + ctx.config().cluster().kubernetesVersion()));
    }
}
