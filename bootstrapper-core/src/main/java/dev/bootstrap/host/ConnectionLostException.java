package dev.bootstrap.host;

import java.util.Optional;

/** The connection to a node ended under an operation: a new connection may succeed where this one failed. */
public class ConnectionLostException extends HostException {

    public ConnectionLostException(String host, String message, Throwable cause) {
        super(host, message, cause);
    }

    /** The lost connection in {@code error} or its causes, if that is what failed. */
    public static Optional<ConnectionLostException> in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ConnectionLostException lost) {
                return Optional.of(lost);
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof ConnectionLostException lost) {
                    return Optional.of(lost);
                }
            }
        }
        return Optional.empty();
    }
}
