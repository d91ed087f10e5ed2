package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap init phase <name>}: runs one phase of init on its own. */
@Command(name = "phase", mixinStandardHelpOptions = true,
        description = "Run one phase of init.",
        subcommands = {CertsPhaseCommand.class})
public final class InitPhaseCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a phase; see 'bootstrap init phase --help'");
    }
}
