package dev.bootstrap.cli;

import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.SkipPhases;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bootstrap init phase NAME [SUB-PHASE]}: one init phase, or one part of it, with init's flags. */
@Command(mixinStandardHelpOptions = true)
final class InitPhaseRunCommand implements Callable<Integer> {

    private final PhaseSpec phase;
    private final String subPhase;

    @Mixin
    InitSettings settings;

    /** @param subPhase the one sub-phase to run, or null for all of the phase */
    InitPhaseRunCommand(PhaseSpec phase, String subPhase) {
        this.phase = phase;
        this.subPhase = subPhase;
    }

    @Override
    public Integer call() {
        SkipPhases others = subPhase == null ? SkipPhases.NONE
                : SkipPhases.allBut(phase, subPhase, "init phase " + phase.name() + " " + subPhase);
        return settings.execute(Set.of(phase.name()), others);
    }
}
