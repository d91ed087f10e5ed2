package dev.bootstrap.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * SIGINT or SIGTERM while a run under the cluster lock goes on: the JVM runs this hook, which stops the run
 * (no new phase, {@link #GRACE} for the running ones, the lock released) and says how to finish; the process then
 * exits with 128 + the signal's number, as a shell expects.
 */
final class InterruptHook {

    /** How long the phases that run when the signal comes may take to end. */
    static final Duration GRACE = Duration.ofSeconds(5);

    private InterruptHook() {
    }

    /**
     * @param stop     stops the run, given the grace period
     * @param runAgain the command that finishes the job, for the message
     */
    static <T> T around(PrintWriter err, Consumer<Duration> stop, String runAgain, Supplier<T> run) {
        Thread onSignal = new Thread(() -> {
            stop.accept(GRACE);
            err.println("interrupted; run `" + runAgain + "` again to finish");
            err.flush();
        }, "interrupt");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            return run.get();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it says what happened
            }
        }
    }
}
