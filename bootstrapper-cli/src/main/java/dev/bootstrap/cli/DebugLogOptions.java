package dev.bootstrap.cli;

import dev.bootstrap.host.DebugLog;
import dev.bootstrap.host.Host;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Logger;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --log-file FILE} for commands that reach nodes; mix in with {@code @Mixin DebugLogOptions debugLog}.
 * Open it around the run, wrap every resolved host and hand it every secret the command knows:
 * <pre>
 * try (DebugLogOptions log = debugLog.open();
 *      NodeResolver nodes = new NodeResolver(rootfs, ssh.connector(log::redact), log::wrap)) { ... }
 * </pre>
 * Without --log-file, wrap returns the host itself and redact does nothing.
 */
public final class DebugLogOptions implements AutoCloseable {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Append a debug log to FILE (created mode 0600): every command run on the nodes with its "
                    + "exit status, duration and output tails, every file written (path, mode, size, sha256; never "
                    + "the content). Secrets are masked.")
    Path file;

    private DebugLog log;
    private Handler libraryRecords;

    /** Opens the log when --log-file was given; close it (try-with-resources) after the run. */
    public DebugLogOptions open() {
        if (file != null && log == null) {
            try {
                log = DebugLog.open(file);
            } catch (UncheckedIOException e) {
                throw new ParameterException(spec.commandLine(), "--log-file: " + e.getMessage());
            }
            libraryRecords = log.libraryRecords();
            Logger.getLogger("").addHandler(libraryRecords);
        }
        return this;
    }

    /** The host with its operations logged, or the host itself without --log-file. */
    public Host wrap(Host host) {
        return log == null ? host : log.wrap(host);
    }

    /** Masks a secret value (a token, a key, a password) in everything logged from now on. */
    public void redact(String secret) {
        if (log != null) {
            log.redact(secret);
        }
    }

    @Override
    public void close() {
        if (log != null) {
            Logger.getLogger("").removeHandler(libraryRecords);
            log.close();
            log = null;
        }
    }
}
