package dev.bootstrap.state;

import dev.bootstrap.host.HostException;
import java.time.Duration;

/** Another run holds the cluster lock; the message names it and says how to break a dead run's lock. */
public final class ClusterLockedException extends HostException {

    private final LockHolder holder;

    ClusterLockedException(String host, String path, LockHolder holder, Duration age, Duration staleAfter) {
        super(host, "the cluster is locked by " + holder.describe() + " (lock " + path + ", last refreshed "
                + age.toSeconds() + " s ago). Wait for that run to end. If it is dead, the lock is taken over once "
                + "it is " + staleAfter.toMinutes() + " min old, or remove it now on " + host + " with: rm " + path);
        this.holder = holder;
    }

    public LockHolder holder() {
        return holder;
    }
}
