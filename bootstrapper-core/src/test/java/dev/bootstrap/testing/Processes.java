package dev.bootstrap.testing;

import java.util.concurrent.TimeUnit;

/** Ends a process a test started, by its PID: SIGTERM, then SIGKILL after 20 s. */
public final class Processes {

    private Processes() {
    }

    public static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
