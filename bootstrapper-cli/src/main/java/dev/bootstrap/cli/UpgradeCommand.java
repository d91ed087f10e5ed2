package dev.bootstrap.cli;

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

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand; see 'bootstrap upgrade --help'");
    }
}
