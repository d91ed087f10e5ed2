package dev.bootstrap.cli;

import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.join.ControlPlaneJoin;
import dev.bootstrap.join.WorkerJoin;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.reset.ResetWorkflow;
import dev.bootstrap.upgrade.UpgradeWorkflow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Builds picocli's model of the commands. picocli reads every option of every command by reflection,
 * which costs a start ~0.1 s (docs/benchmarks.md), so a run whose leading arguments name a leaf command
 * gets that leaf alone, under stand-ins for its parents that carry only their names: a leaf sees its
 * parents only through its qualified name, and everything after the leaf's name is the leaf's. Every
 * other run (help, version, completion, a command with subcommands, options before the command name)
 * gets the whole tree. The tree itself stays declared in the {@code @Command(subcommands = ...)} lists.
 */
final class CommandTree {

    /** Leaves that read the whole tree (the completion script lists every command). */
    private static final Set<Class<?>> NEED_WHOLE_TREE = Set.of(CompletionCommand.class);

    /** Commands whose {@code phase} subcommands are made from their workflow's phase list (whole()). */
    private static final Set<Class<?>> WITH_MADE_PHASES = Set.of(JoinCommand.class, ResetCommand.class,
            UpgradeApplyCommand.class, UpgradeNodeCommand.class);

    /** Help and version output stays exactly that of the whole tree. */
    private static final Set<String> HELP_OR_VERSION = Set.of("-h", "--help", "-V", "--version");

    private CommandTree() {
    }

    /** Every command. */
    static CommandLine whole() {
        CommandLine cli = new CommandLine(new BootstrapCommand());
        Map<String, CommandLine> verbs = cli.getSubcommands();
        List<PhaseSpec> init = InitWorkflow.phases().stream().map(Phase::spec).toList();
        PhaseCommands.add(verbs.get("init").getSubcommands().get("phase"), "init", init, InitPhaseRunCommand::new);
        PhaseCommands.listIn(verbs.get("init"), init, "run one with 'init phase NAME', skip with --skip-phases");
        PhaseCommands.add(group(verbs.get("join"), "Run one phase of join."), "join", ControlPlaneJoin.specs(),
                (phase, sub) -> new JoinCommand(Set.of(phase.name())));
        PhaseCommands.listIn(verbs.get("join"), ControlPlaneJoin.specs(), "workers run " + WorkerJoin.specs().stream()
                .map(PhaseSpec::name).collect(Collectors.joining(", ")) + "; run one with 'join phase NAME', skip with "
                + "--skip-phases");
        List<PhaseSpec> reset = ResetWorkflow.phases().stream().map(Phase::spec).toList();
        PhaseCommands.add(group(verbs.get("reset"), "Run one phase of reset."), "reset", reset,
                (phase, sub) -> new ResetCommand(Set.of(phase.name())));
        PhaseCommands.listIn(verbs.get("reset"), reset, "run one with 'reset phase NAME'");
        Map<String, CommandLine> upgrade = verbs.get("upgrade").getSubcommands();
        List<PhaseSpec> apply = UpgradeWorkflow.specs(true);
        PhaseCommands.add(group(upgrade.get("apply"), "Run one phase of upgrade apply."), "upgrade apply", apply,
                (phase, sub) -> new UpgradeApplyCommand(Set.of(phase.name())));
        PhaseCommands.listIn(upgrade.get("apply"), apply, "run one with 'upgrade apply phase NAME', skip with --skip-phases");
        List<PhaseSpec> node = UpgradeWorkflow.specs(false);
        PhaseCommands.add(group(upgrade.get("node"), "Run one phase of upgrade node."), "upgrade node", node,
                (phase, sub) -> new UpgradeNodeCommand(Set.of(phase.name())));
        PhaseCommands.listIn(upgrade.get("node"), node, "run one with 'upgrade node phase NAME', skip with --skip-phases");
        return cli;
    }

    /** A verb's {@code phase} command, added to it. */
    private static CommandLine group(CommandLine verb, String description) {
        CommandLine group = new CommandLine(new PhaseGroupCommand());
        group.getCommandSpec().usageMessage().description(description);
        verb.addSubcommand("phase", group);
        return group;
    }

    /** The commands {@code args} reach: the path to the leaf they name, else every command. */
    static CommandLine forArgs(String... args) {
        return leafPath(args).map(CommandTree::pathTo).orElseGet(CommandTree::whole);
    }

    /**
     * The command classes from the root down to the leaf that the leading arguments name, read from
     * the annotations alone (no model is built); empty when the arguments do not name a leaf that
     * can run on its own.
     */
    static Optional<List<Class<?>>> leafPath(String... args) {
        if (Arrays.stream(args).anyMatch(HELP_OR_VERSION::contains)) {
            return Optional.empty();
        }
        List<Class<?>> path = new ArrayList<>(List.of(BootstrapCommand.class));
        for (String arg : args) {
            Class<?> current = path.get(path.size() - 1);
            Class<?>[] subcommands = command(current).subcommands();
            if (subcommands.length == 0) {
                if (arg.equals("phase") && WITH_MADE_PHASES.contains(current)) {
                    return Optional.empty();
                }
                break;
            }
            Optional<Class<?>> next = Arrays.stream(subcommands).filter(c -> names(c).contains(arg)).findFirst();
            if (next.isEmpty()) {
                return Optional.empty();
            }
            path.add(next.get());
        }
        Class<?> leaf = path.get(path.size() - 1);
        if (path.size() == 1 || command(leaf).subcommands().length > 0 || NEED_WHOLE_TREE.contains(leaf)) {
            return Optional.empty();
        }
        return Optional.of(path);
    }

    private static CommandLine pathTo(List<Class<?>> path) {
        CommandLine child = new CommandLine(path.get(path.size() - 1));
        for (int i = path.size() - 2; i >= 0; i--) {
            CommandLine parent = new CommandLine(CommandSpec.create().name(command(path.get(i)).name()));
            parent.addSubcommand(command(path.get(i + 1)).name(), child);
            child = parent;
        }
        return child;
    }

    private static Command command(Class<?> type) {
        return type.getAnnotation(Command.class);
    }

    private static List<String> names(Class<?> type) {
        List<String> names = new ArrayList<>(List.of(command(type).aliases()));
        names.add(command(type).name());
        return names;
    }
}
