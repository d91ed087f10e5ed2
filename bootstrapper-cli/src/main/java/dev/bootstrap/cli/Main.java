package dev.bootstrap.cli;

import picocli.CommandLine;

/** Entry point of the {@code bootstrap} command: exit 0 success, 1 failure, 2 usage error. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
            // The same lines picocli prints, without its model of even one command (~60 ms of a ~100 ms run).
            for (String line : new VersionProvider().getVersion()) {
                System.out.println(line);
            }
            System.exit(0);
        }
        System.exit(execute(args));
    }

    /**
     * Runs the CLI without exiting; used by tests and by {@link #main}. Library log records go off the terminal
     * here (idempotent), not in main, so that every run has them off, a test's as well.
     */
    public static int execute(String... args) {
        LibraryLogs.offTheTerminal();
        return commandLineFor(args).execute(args);
    }

    /** The commands {@code args} need, ready to execute them (see {@link CommandTree}). */
    public static CommandLine commandLineFor(String... args) {
        return withErrorHandler(CommandTree.forArgs(args));
    }

    private static CommandLine withErrorHandler(CommandLine cli) {
        cli.setExecutionExceptionHandler(new ErrorHandler());
        return cli;
    }
}
