package dev.bootstrap.cli;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;

/**
 * The libraries (netty under fabric8's client, sshj) log through java.util.logging, whose default console
 * handler prints to stderr: netty's "SEVERE: Failed to submit a listener notification task. Event loop shut
 * down?" and a 44-line stack trace after a successful run. The terminal gets none of it; a debug log
 * (--log-file) gets all of it, masked (DebugLog#libraryRecords).
 */
final class LibraryLogs {

    private LibraryLogs() {
    }

    static void offTheTerminal() {
        Logger root = Logger.getLogger("");
        for (Handler h : root.getHandlers()) {
            if (h instanceof ConsoleHandler) {
                root.removeHandler(h);
            }
        }
    }
}
