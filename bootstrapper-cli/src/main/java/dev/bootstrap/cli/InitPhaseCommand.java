package dev.bootstrap.cli;

import picocli.CommandLine.Command;

/**
 * {@code bootstrap init phase <name>}: runs one phase of init on its own. {@code certs} has a command of its
 * own (kubeadm's certificate flags and output); the other phases are added from init's phase list
 * (CommandTree, PhaseCommands).
 */
@Command(name = "phase", mixinStandardHelpOptions = true,
        description = "Run one phase of init.",
        subcommands = {CertsPhaseCommand.class})
public final class InitPhaseCommand extends PhaseGroupCommand {
}
