package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.templates.TemplateRenderer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code upgrade apply} and {@code upgrade node} run on a node: kubeadm's flags (or their UpgradeConfiguration
 * fields) and what bootstrap adds.
 *
 * @param target           the version apply upgrades to; empty for {@code upgrade node}, which takes the cluster's
 * @param dryRunDir        where a dry run writes (null without --dry-run)
 * @param force            kubeadm's --force: skippable skew-policy rules pass
 * @param patchesDirectory kubeadm's --patches ("" for none), a directory on this machine
 * @param renewalWindow    certificates expiring within it are renewed (and their component restarted) even when the
 *                         component's manifest is unchanged
 * @param environment      this machine's environment (proxy variables for the manifests)
 */
public record UpgradeOptions(Optional<KubernetesVersion> target, Path dryRunDir, boolean etcdUpgrade,
                             boolean certificateRenewal, boolean force, SkewPolicy.Allow allow, IgnoredErrors ignored,
                             SkipPhases skipPhases, String patchesDirectory, Timeouts timeouts,
                             Duration renewalWindow, TemplateRenderer templates, Map<String, String> environment) {

    /** Certificates expiring within 90 days are renewed by any upgrade (kubeadm: only with a changed manifest). */
    public static final Duration RENEWAL_WINDOW = Duration.ofDays(90);

    public UpgradeOptions {
        environment = Map.copyOf(environment);
    }

    public boolean dryRun() {
        return dryRunDir != null;
    }
}
