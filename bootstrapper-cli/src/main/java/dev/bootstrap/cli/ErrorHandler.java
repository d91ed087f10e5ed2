package dev.bootstrap.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one "error: ..." line (the message already names host, file or flag) and
 * returns exit code 1. Set BOOTSTRAP_DEBUG=1 for the stack trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
        if (ex instanceof CommandLine.ParameterException pe) {
            throw pe;
        }
        String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
        cli.getErr().println("error: " + message);
        if (System.getenv("BOOTSTRAP_DEBUG") != null) {
            ex.printStackTrace(cli.getErr());
        }
        return 1;
    }
}
