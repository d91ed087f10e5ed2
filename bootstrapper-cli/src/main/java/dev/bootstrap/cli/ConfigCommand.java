package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap config}: kubeadm's configuration helpers (print defaults, list images, migrate, validate). */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print, migrate and validate kubeadm-compatible configuration, and list the images it uses.",
        subcommands = {ConfigPrintCommand.class, ConfigImagesCommand.class, ConfigMigrateCommand.class,
                ConfigValidateCommand.class})
public final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: print, images, migrate or validate");
    }
}
