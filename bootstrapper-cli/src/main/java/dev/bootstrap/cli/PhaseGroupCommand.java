package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap <verb> phase}: the parent of the verb's phase commands (PhaseCommands), which names none. */
@Command(name = "phase", mixinStandardHelpOptions = true)
class PhaseGroupCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a phase; see '" + spec.qualifiedName(" ")
                + " --help'");
    }
}
