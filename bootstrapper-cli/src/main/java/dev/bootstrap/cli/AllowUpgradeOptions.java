package dev.bootstrap.cli;

import dev.bootstrap.upgrade.SkewPolicy;
import picocli.CommandLine.Option;

/** kubeadm's flags that let a pre-release target through the skew policy (upgrade plan and apply). */
final class AllowUpgradeOptions {

    @Option(names = "--allow-experimental-upgrades", description = "Allow pre-release targets (alpha, beta, rc).")
    boolean experimental;

    @Option(names = "--allow-release-candidate-upgrades", description = "Allow release-candidate targets.")
    boolean releaseCandidates;

    /** The flags, or the file's fields when a flag is not given (a flag can only allow more). */
    SkewPolicy.Allow allow(boolean fileExperimental, boolean fileReleaseCandidates) {
        return new SkewPolicy.Allow(experimental || fileExperimental, releaseCandidates || fileReleaseCandidates);
    }
}
