package dev.bootstrap.cli;

import picocli.CommandLine.Command;

/** The top-level command; subcommands do the work. */
@Command(name = "bootstrap",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Turns Linux machines into a Kubernetes cluster, kubeadm-compatible, locally or over SSH.",
        subcommands = {
                CompletionCommand.class,
                ConfigCommand.class,
                InitCommand.class,
                UpCommand.class,
                PlanCommand.class,
                PrepareCommand.class,
                JoinCommand.class,
                PreflightCommand.class,
                CertsCommand.class,
                KubeconfigCommand.class,
                ResetCommand.class,
                TokenCommand.class,
                UpgradeCommand.class,
                VersionCommand.class,
        })
public final class BootstrapCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
