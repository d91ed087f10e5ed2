package dev.bootstrap.cli;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import java.time.LocalDate;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Warnings for the user: from reading the configuration, and for a Kubernetes version past its end of life
 * (init, join, up and plan). One "W: ..." line each on stderr; stdout stays clean.
 */
final class Warnings {

    private Warnings() {
    }

    static Consumer<String> to(CommandSpec spec) {
        return warning -> {
            spec.commandLine().getErr().println("W: " + warning);
            spec.commandLine().getErr().flush();
        };
    }

    /** The end-of-life warning for {@code version}, if its minor is past its end of life today. */
    static void endOfLife(CommandSpec spec, KubernetesVersion version) {
        VersionTable.endOfLifeWarning(version, LocalDate.now()).ifPresent(to(spec));
    }
}
