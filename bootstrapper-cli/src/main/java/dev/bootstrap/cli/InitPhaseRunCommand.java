package dev.bootstrap.cli;

import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bootstrap init phase NAME}: one init phase with init's flags; registered once per phase name. */
@Command(mixinStandardHelpOptions = true)
final class InitPhaseRunCommand implements Callable<Integer> {

    private final String phase;

    @Mixin
    InitSettings settings;

    InitPhaseRunCommand(String phase) {
        this.phase = phase;
    }

    @Override
    public Integer call() {
        return settings.execute(Set.of(phase));
    }
}
