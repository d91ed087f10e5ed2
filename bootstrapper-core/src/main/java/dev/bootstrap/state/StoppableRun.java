package dev.bootstrap.state;

import dev.bootstrap.phases.Interruption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A run under the cluster lock that SIGINT or SIGTERM may stop (the CLI's shutdown hook calls {@link #stop} on
 * another thread): no further phase starts, the running ones get a grace period to end, and the lock is released
 * whether or not they did, so that the next run, from this machine or another, is not refused. The journal stays
 * consistent: it records a step only once the step completed, each record written atomically.
 */
public final class StoppableRun {

    private final Interruption interruption = new Interruption();
    private final CountDownLatch ended = new CountDownLatch(1);

    /** What the run's phase runner watches. */
    public Interruption interruption() {
        return interruption;
    }

    /** The run is over (its own end released the lock). */
    public void ended() {
        ended.countDown();
    }

    /**
     * Stops the run: waits up to {@code grace} for it to end, else {@code releaseLock} (a second release is
     * harmless: the run's own end may release it too).
     */
    public void stop(Duration grace, Runnable releaseLock) {
        interruption.request();
        try {
            if (ended.await(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        releaseLock.run();
    }
}
