package dev.bootstrap.cli;

import dev.bootstrap.phases.PhaseSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.function.BiFunction;
import picocli.CommandLine;

/**
 * The {@code init|join|reset phase <name> [<sub-phase>]} commands, made from a workflow's phase declarations as
 * kubeadm's workflow runner makes them (cmd/kubeadm/app/cmd/phases/workflow/runner.go, BindToCommand): one
 * command per phase, one per sub-phase and {@code all}, each with the flags of the verb.
 */
final class PhaseCommands {

    private PhaseCommands() {
    }

    /**
     * Adds to {@code group} (the verb's {@code phase} command) every phase that has no command of its own yet.
     *
     * @param command the runnable command for a phase and one of its sub-phases (null: all of it)
     */
    static void add(CommandLine group, String verb, List<PhaseSpec> phases,
                    BiFunction<PhaseSpec, String, Object> command) {
        for (PhaseSpec phase : phases) {
            if (group.getSubcommands().containsKey(phase.name())) {
                continue;
            }
            CommandLine whole = described(command.apply(phase, null), phase.name(),
                    phase.title() + " (" + verb + "'s flags apply).");
            for (String sub : phase.subPhases()) {
                whole.addSubcommand(sub, described(command.apply(phase, sub), sub, "Only the " + sub + " part of "
                        + phase.name() + " (" + verb + "'s flags apply)."));
            }
            if (!phase.subPhases().isEmpty()) {
                whole.addSubcommand("all", described(command.apply(phase, null), "all", "All of " + phase.name() + "."));
            }
            group.addSubcommand(phase.name(), whole);
        }
        // A phase with a command of its own (certs) was added first: the help lists them in the workflow's order.
        for (PhaseSpec phase : phases) {
            CommandLine own = group.getCommandSpec().removeSubcommand(phase.name());
            group.addSubcommand(phase.name(), own);
        }
    }

    /** Adds to the verb's help the line that names its phases in order, and how to run or skip one. */
    static void listIn(CommandLine verb, List<PhaseSpec> phases, String how) {
        List<String> lines = new ArrayList<>(List.of(verb.getCommandSpec().usageMessage().description()));
        lines.add("Phases, in order: " + phases.stream().map(PhaseSpec::name).collect(Collectors.joining(", "))
                + " (" + how + ").");
        verb.getCommandSpec().usageMessage().description(lines.toArray(String[]::new));
    }

    /** The command under {@code name}: the verb's own annotation names it after the verb (help's usage line). */
    private static CommandLine described(Object command, String name, String description) {
        CommandLine line = new CommandLine(command);
        line.getCommandSpec().name(name);
        line.getCommandSpec().usageMessage().description(description);
        return line;
    }
}
