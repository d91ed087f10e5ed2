package dev.bootstrap.cli;

import dev.bootstrap.host.LocalHost;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** This machine as a Host under the global --rootfs, and node paths given on the command line. */
final class NodeFiles {

    private NodeFiles() {
    }

    static LocalHost host(GlobalOptions global) {
        return new LocalHost("localhost", global.rootfs);
    }

    /**
     * A directory flag as a node path: relative paths are taken from the current directory, which
     * only makes sense without --rootfs (under --rootfs a node path must be absolute).
     */
    static String nodePath(CommandSpec spec, GlobalOptions global, String flag, Path value) {
        if (value.isAbsolute()) {
            return value.normalize().toString();
        }
        if (global.rootfs != null) {
            throw new ParameterException(spec.commandLine(), flag + ": \"" + value
                    + "\" must be an absolute node path when --rootfs is given");
        }
        return value.toAbsolutePath().normalize().toString();
    }
}
