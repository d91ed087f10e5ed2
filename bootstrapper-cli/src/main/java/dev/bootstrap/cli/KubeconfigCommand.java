package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap kubeconfig ...}: kubeadm's kubeconfig file utilities. */
@Command(name = "kubeconfig", mixinStandardHelpOptions = true,
        description = "Kubeconfig file utilities (kubeadm kubeconfig).",
        subcommands = {KubeconfigUserCommand.class})
public final class KubeconfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "name a subcommand; see 'bootstrap kubeconfig --help'");
    }
}
