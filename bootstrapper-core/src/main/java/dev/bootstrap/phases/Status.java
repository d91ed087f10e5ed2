package dev.bootstrap.phases;

/** How a phase ended on one host. */
public enum Status {
    /** Started, not finished yet (only in events). */
    RUNNING,
    /** Something was written, created or started. */
    CHANGED,
    /** Everything was already as wanted. */
    UNCHANGED,
    /** Not run: skipped by the user or not applicable to this host. */
    SKIPPED,
    FAILED;

    public boolean finished() {
        return this != RUNNING;
    }
}
