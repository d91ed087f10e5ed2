package dev.bootstrap.phases;

/**
 * A request to stop a run (SIGINT or SIGTERM): no phase starts once it is made; a phase already running
 * finishes or is cut short when the process ends (every phase is idempotent and its writes atomic, so the
 * next run finishes the job).
 */
public final class Interruption {

    private volatile boolean requested;

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }
}
