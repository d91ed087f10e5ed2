package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap token ...}: kubeadm's bootstrap token management. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Create, list, delete and generate bootstrap tokens (kubeadm token).",
        subcommands = {TokenCreateCommand.class, TokenListCommand.class, TokenDeleteCommand.class,
                TokenGenerateCommand.class})
public final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand; see 'bootstrap token --help'");
    }
}
