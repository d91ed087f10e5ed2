package dev.bootstrap.cli;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import java.io.PrintWriter;
import java.time.LocalDate;

/** The warning init, join, up and plan print before deploying a Kubernetes version past its end of life. */
final class SupportWarning {

    private SupportWarning() {
    }

    static void print(PrintWriter err, KubernetesVersion version) {
        VersionTable.endOfLifeWarning(version, LocalDate.now()).ifPresent(w -> {
            err.println("W: " + w);
            err.flush();
        });
    }
}
