package dev.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bootstrap init}: sets up the first control plane, as {@code kubeadm init}. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Set up a Kubernetes control plane (kubeadm init).",
        subcommands = {InitPhaseCommand.class})
public final class InitCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new UnsupportedOperationException(
                "'bootstrap init' without a phase is not implemented yet; use 'bootstrap init phase certs all'");
    }
}
