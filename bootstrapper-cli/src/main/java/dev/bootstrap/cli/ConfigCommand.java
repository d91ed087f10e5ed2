package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap config}: kubeadm's configuration helpers (print defaults, list images). */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print kubeadm-compatible configuration and the images it uses.",
        subcommands = {ConfigPrintCommand.class, ConfigImagesCommand.class})
public final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: print or images");
    }
}
