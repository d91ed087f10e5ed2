package dev.bootstrap.cli;

import picocli.CommandLine;

/** Entry point of the {@code bootstrap} command: exit 0 success, 1 failure, 2 usage error. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the CLI without exiting; used by tests and by {@link #main}. */
    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine cli = new CommandLine(new BootstrapCommand());
        // Every init phase without a command of its own runs through the init workflow.
        CommandLine phase = cli.getSubcommands().get("init").getSubcommands().get("phase");
        for (var p : dev.bootstrap.init.InitWorkflow.phases()) {
            if (!phase.getSubcommands().containsKey(p.name())) {
                CommandLine sub = new CommandLine(new InitPhaseRunCommand(p.name()));
                sub.getCommandSpec().usageMessage().description(p.title() + " (init's flags apply).");
                phase.addSubcommand(p.name(), sub);
            }
        }
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }
}
