package dev.bootstrap.state;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.ScriptSections;
import dev.bootstrap.host.Shell;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The lock that keeps two orchestrators off one cluster: a file on the first control plane naming
 * its holder. Every operation is one command on the node, serialized there with flock(1) on a
 * mutex file next to the lock, so checking and taking (or releasing) cannot interleave between
 * two orchestrators. A lock not refreshed for {@code staleAfter} (by the node's clock, so the
 * orchestrators' clocks do not matter) belongs to a dead run and is taken over.
 */
public final class ClusterLock {

    public static final String DEFAULT_PATH = NodeLayout.BOOTSTRAP_DIR + "/lock";
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(30);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Host host;
    private final String path;
    private final Duration staleAfter;

    public ClusterLock(Host host) {
        this(host, DEFAULT_PATH, DEFAULT_STALE_AFTER);
    }

    public ClusterLock(Host host, String path, Duration staleAfter) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("lock path must be an absolute file path: " + path);
        }
        this.host = host;
        this.path = path;
        this.staleAfter = staleAfter;
    }

    /**
     * Takes the lock for {@code me}, or takes over a stale one.
     *
     * @throws ClusterLockedException when another run holds it
     */
    public Lease acquire(LockHolder me) {
        return acquire(me, holder -> false);
    }

    /**
     * As {@link #acquire(LockHolder)}, and also takes over a lock that is not stale yet when
     * {@code dead} says its holder is known to be gone (a killed run on this machine).
     */
    public Lease acquire(LockHolder me, Predicate<LockHolder> dead) {
        try {
            return acquire(me, "");
        } catch (ClusterLockedException e) {
            if (!dead.test(e.holder())) {
                throw e;
            }
            return acquire(me, e.holder().token());
        }
    }

    /** @param replaceToken a holder token that counts as stale whatever its age ("" for none) */
    private Lease acquire(LockHolder me, String replaceToken) {
        String l = Shell.quote(host.shellPath(path));
        // Compared on the node, under the mutex: the lock is replaced only if it is still the dead holder's.
        String replaceable = replaceToken.isEmpty() ? ""
                : " && ! grep -qxF -- " + Shell.quote("token=" + replaceToken) + " " + l;
        String script = "mkdir -p -- " + Shell.quote(host.shellPath(parent())) + " || exit 1\n"
                + serialized()
                + "now=$(date +%s)\n"
                + "if [ -e " + l + " ]; then\n"
                + "  age=$((now - $(stat -c %Y -- " + l + ")))\n"
                + "  echo '### holder'; cat -- " + l + "; echo; echo '### age'; echo \"$age\"\n"
                + "  if [ \"$age\" -lt " + staleAfter.toSeconds() + " ]" + replaceable + "; then echo '### held'; exit 0; fi\n"
                + "fi\n"
                + "umask 077\n"
                // Written aside and renamed: whoever reads the lock sees a whole holder, never half of one.
                + "printf '%s' " + Shell.quote(me.serialize()) + " > " + l + ".new && mv -f -- " + l + ".new " + l
                + " && echo '### acquired'\n";
        Map<String, List<String>> out = run(script, "acquiring the cluster lock " + path);
        Optional<LockHolder> previous = out.containsKey("holder")
                ? Optional.of(LockHolder.parse(String.join("\n", out.get("holder")))) : Optional.empty();
        Duration age = Duration.ofSeconds(out.containsKey("age") ? Long.parseLong(out.get("age").get(0).trim()) : 0);
        if (out.containsKey("held")) {
            throw new ClusterLockedException(host.name(), path, previous.orElseThrow(), age, staleAfter);
        }
        if (!out.containsKey("acquired")) {
            throw new HostException(host.name(), "acquiring the cluster lock " + path + " did not finish");
        }
        return new Lease(me, previous.map(p -> new TakeOver(p, age)));
    }

    /** Who holds the lock now, if anyone (a plain read; for status output). */
    public Optional<LockHolder> holder() {
        return host.readFile(path).map(b -> LockHolder.parse(new String(b, StandardCharsets.UTF_8)));
    }

    /** A stale lock that was taken over: whose it was and how long it had not been refreshed. */
    public record TakeOver(LockHolder previous, Duration age) {
    }

    /** The lock while we hold it. Closing releases it. */
    public final class Lease implements AutoCloseable {

        private final LockHolder holder;
        private final Optional<TakeOver> takeOver;

        private Lease(LockHolder holder, Optional<TakeOver> takeOver) {
            this.holder = holder;
            this.takeOver = takeOver;
        }

        public LockHolder holder() {
            return holder;
        }

        /** Present when a stale lock was taken over; callers should say so. */
        public Optional<TakeOver> takeOver() {
            return takeOver;
        }

        /**
         * Marks the lock as alive (long runs call this well within the stale timeout).
         *
         * @return false when the lock is no longer ours (it went stale and was taken over)
         */
        public boolean refresh() {
            return ifOurs("touch -- " + Shell.quote(host.shellPath(path)), "refreshing");
        }

        /**
         * Removes the lock if it is still ours; a lock taken over meanwhile is left to its new holder.
         *
         * @return whether it was ours and is now gone
         */
        public boolean release() {
            return ifOurs("rm -f -- " + Shell.quote(host.shellPath(path)), "releasing");
        }

        @Override
        public void close() {
            release();
        }

        private boolean ifOurs(String action, String what) {
            String l = Shell.quote(host.shellPath(path));
            String script = serialized()
                    + "if [ -e " + l + " ] && grep -qxF -- " + Shell.quote("token=" + holder.token()) + " " + l
                    + "; then " + action + " && echo '### ours'; else echo '### not-ours'; fi\n";
            Map<String, List<String>> out = run(script, what + " the cluster lock " + path);
            return out.containsKey("ours");
        }
    }

    /** Takes the node-side mutex for the rest of the command; it is let go when the shell exits. */
    private String serialized() {
        String mutex = Shell.quote(host.shellPath(path) + ".mutex");
        return "command -v flock >/dev/null 2>&1 || { echo 'flock(1) is missing on the node; install util-linux' >&2; "
                + "exit 1; }\n"
                + "[ -d " + Shell.quote(host.shellPath(parent())) + " ] || { echo '### not-ours'; exit 0; }\n"
                + "exec 9>>" + mutex + " && flock 9 || exit 1\n";
    }

    private String parent() {
        String parent = path.substring(0, path.lastIndexOf('/'));
        return parent.isEmpty() ? "/" : parent;
    }

    private Map<String, List<String>> run(String script, String what) {
        CommandResult result = host.run(script, TIMEOUT);
        if (!result.ok()) {
            throw new HostException(host.name(), what + " failed (" + result.describeExit() + ")" + result.stderrTail());
        }
        return ScriptSections.parse(result.stdout());
    }
}
