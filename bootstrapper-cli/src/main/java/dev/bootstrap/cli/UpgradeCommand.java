package dev.bootstrap.cli;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap upgrade ...}: kubeadm's upgrade commands: plan, apply, node, diff. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Upgrade a cluster to a newer Kubernetes release, as kubeadm upgrade does.",
        subcommands = {UpgradePlanCommand.class, UpgradeApplyCommand.class, UpgradeNodeCommand.class,
                UpgradeDiffCommand.class})
public final class UpgradeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** A VERSION argument, or a usage error naming it. */
    static KubernetesVersion version(CommandSpec spec, String text) {
        return KubernetesVersion.parse(text).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "VERSION: \"" + text + "\" is not a version (e.g. " + VersionTable.DEFAULT_VERSION + ")"));
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand; see 'bootstrap upgrade --help'");
    }
}
