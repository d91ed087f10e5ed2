package dev.bootstrap.cli;

import dev.bootstrap.phases.SkipPhases;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bootstrap init}: sets up the first control plane, as {@code kubeadm init}. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Set up a Kubernetes control plane (kubeadm init), on this machine or on --master=HOST over SSH."},
        subcommands = {InitPhaseCommand.class})
public final class InitCommand implements Callable<Integer> {

    @Mixin
    InitSettings settings;

    @Override
    public Integer call() {
        return settings.execute(Set.of(), SkipPhases.NONE);
    }
}
