package dev.bootstrap.cli;

import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/** Warnings from reading the user's configuration: one "W: ..." line each on stderr, stdout stays clean. */
final class Warnings {

    private Warnings() {
    }

    static Consumer<String> to(CommandSpec spec) {
        return warning -> {
            spec.commandLine().getErr().println("W: " + warning);
            spec.commandLine().getErr().flush();
        };
    }
}
