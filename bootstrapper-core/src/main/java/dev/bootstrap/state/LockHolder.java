package dev.bootstrap.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Who holds a {@link ClusterLock}: a random token (what release and refresh compare), the owner
 * (user@machine), the orchestrator's pid, when it took the lock and the command it runs.
 */
public record LockHolder(String token, String owner, long pid, Instant since, String command) {

    /** This process, about to run {@code command}. */
    public static LockHolder ofThisProcess(String command) {
        return new LockHolder(UUID.randomUUID().toString(), System.getProperty("user.name", "unknown") + "@"
                + machineName(), ProcessHandle.current().pid(), Instant.now(), command);
    }

    /**
     * Whether this holder was a run on this machine, by this user, whose process is gone (killed):
     * its lock can be taken over at once instead of after the stale timeout.
     */
    public boolean deadOnThisMachine() {
        String mine = System.getProperty("user.name", "unknown") + "@" + machineName();
        return owner.equals(mine) && pid > 0 && ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-machine";
        }
    }

    /** "alice@laptop (pid 4242) since 2026-11-22T18:40:00Z, running 'bootstrap up -f cluster.yaml'" */
    public String describe() {
        return owner + " (pid " + pid + ") since " + since + ", running '" + command + "'";
    }

    /** The lock file's text: one key=value per line. */
    String serialize() {
        return "token=" + token + "\nowner=" + oneLine(owner) + "\npid=" + pid + "\nsince=" + since
                + "\ncommand=" + oneLine(command) + "\n";
    }

    /** Reads a lock file; fields another version did not write read as "unknown". */
    static LockHolder parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        long pid;
        Instant since;
        try {
            pid = Long.parseLong(fields.getOrDefault("pid", "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        try {
            since = Instant.parse(fields.getOrDefault("since", ""));
        } catch (RuntimeException e) {
            since = Instant.EPOCH;
        }
        return new LockHolder(fields.getOrDefault("token", ""), fields.getOrDefault("owner", "unknown"), pid,
                since, fields.getOrDefault("command", "unknown"));
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
