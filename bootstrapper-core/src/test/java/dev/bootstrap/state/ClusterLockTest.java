package dev.bootstrap.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster lock on a LocalHost rootfs: real shells racing on the same files. */
class ClusterLockTest {

    @TempDir
    Path rootfs;

    private Path lockFile() {
        return rootfs.resolve("etc/kubernetes/bootstrap/lock");
    }

    private ClusterLock lock(Duration staleAfter) {
        // Each orchestrator has its own Host, as two machines would.
        return new ClusterLock(new LocalHost("cp1", rootfs), ClusterLock.DEFAULT_PATH, staleAfter);
    }

    private static LockHolder holder(String owner, long pid) {
        return new LockHolder(owner + "-token", owner, pid, Instant.parse("2026-11-22T18:40:00Z"),
                "bootstrap up -f cluster.yaml");
    }

    @Test
    void racingAcquiresHaveExactlyOneWinnerAndTheLosersAreToldWho() throws Exception {
        int racers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            for (int round = 0; round < 15; round++) {
                CyclicBarrier start = new CyclicBarrier(racers);
                List<Future<Object>> results = new ArrayList<>();
                for (int r = 0; r < racers; r++) {
                    LockHolder me = holder("user" + r + "@machine" + r, 1000 + r);
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            return lock(Duration.ofHours(1)).acquire(me);
                        } catch (ClusterLockedException e) {
                            return e;
                        }
                    }));
                }
                List<ClusterLock.Lease> winners = new ArrayList<>();
                List<ClusterLockedException> losers = new ArrayList<>();
                for (Future<Object> f : results) {
                    Object o = f.get();
                    if (o instanceof ClusterLock.Lease lease) {
                        winners.add(lease);
                    } else {
                        losers.add((ClusterLockedException) o);
                    }
                }
                assertEquals(1, winners.size(), "round " + round + ": exactly one winner");
                LockHolder winner = winners.get(0).holder();
                for (ClusterLockedException e : losers) {
                    assertEquals(winner, e.holder());
                    assertTrue(e.getMessage().startsWith("[cp1] the cluster is locked by " + winner.owner() + " (pid "
                            + winner.pid() + ") since 2026-11-22T18:40:00Z, running 'bootstrap up -f cluster.yaml'"),
                            e.getMessage());
                }
                assertTrue(winners.get(0).release());
                assertFalse(Files.exists(lockFile()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aHeldLockSaysHowToBreakItAndIsPrivate() throws Exception {
        ClusterLock.Lease alice = lock(Duration.ofMinutes(30)).acquire(holder("alice@laptop", 4242));
        ClusterLockedException e = assertThrows(ClusterLockedException.class,
                () -> lock(Duration.ofMinutes(30)).acquire(holder("bob@desk", 77)));
        assertTrue(e.getMessage().matches("(?s).*\\(lock /etc/kubernetes/bootstrap/lock, last refreshed \\d+ s ago\\)\\. "
                + "Wait for that run to end\\. If it is dead, the lock is taken over once it is 30 min old, or remove "
                + "it now on cp1 with: rm /etc/kubernetes/bootstrap/lock"), e.getMessage());
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(lockFile())));
        assertEquals(alice.holder(), lock(Duration.ofMinutes(30)).holder().orElseThrow());
        assertTrue(alice.takeOver().isEmpty());
        alice.close();
        assertTrue(lock(Duration.ofMinutes(30)).holder().isEmpty());
    }

    @Test
    void aStaleLockIsTakenOverAndItsOldHolderCannotReleaseOrRefreshIt() throws Exception {
        ClusterLock.Lease dead = lock(Duration.ofHours(1)).acquire(holder("alice@laptop", 4242));
        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        ClusterLock.Lease bob = lock(Duration.ofHours(1)).acquire(holder("bob@desk", 77));
        ClusterLock.TakeOver takeOver = bob.takeOver().orElseThrow();
        assertEquals(dead.holder(), takeOver.previous());
        assertTrue(takeOver.age().compareTo(Duration.ofHours(2).minusMinutes(1)) > 0, takeOver.age().toString());

        assertFalse(dead.refresh(), "not alice's any more");
        assertFalse(dead.release());
        assertEquals(bob.holder(), lock(Duration.ofHours(1)).holder().orElseThrow(), "bob's lock survives");

        Files.setLastModifiedTime(lockFile(), FileTime.from(Instant.now().minus(Duration.ofMinutes(50))));
        assertTrue(bob.refresh());
        assertTrue(Files.getLastModifiedTime(lockFile()).toInstant().isAfter(Instant.now().minusSeconds(60)));
        assertTrue(bob.release());
        assertFalse(Files.exists(lockFile()));
        assertFalse(bob.release(), "releasing twice is harmless");
    }

    @Test
    void thisProcessAsHolderAndValuesThatAreNotShellSafe() {
        LockHolder me = LockHolder.ofThisProcess("bootstrap up -f 'it''s $(reboot)`x`.yaml'\nsecond line");
        ClusterLock.Lease lease = lock(Duration.ofHours(1)).acquire(me);
        LockHolder read = lock(Duration.ofHours(1)).holder().orElseThrow();
        assertEquals(ProcessHandle.current().pid(), read.pid());
        assertEquals("bootstrap up -f 'it''s $(reboot)`x`.yaml' second line", read.command());
        assertEquals(me.token(), read.token());
        assertTrue(read.owner().startsWith(System.getProperty("user.name") + "@"));
        assertTrue(lease.release());
    }
}
