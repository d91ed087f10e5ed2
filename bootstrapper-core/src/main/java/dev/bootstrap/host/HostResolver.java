package dev.bootstrap.host;

/**
 * Turns a target as the user wrote it ("localhost", "root@10.0.0.5", an ssh config alias) into an
 * open {@link Host}. Failing to reach a target is a {@link HostException} naming it.
 */
@FunctionalInterface
public interface HostResolver {

    Host resolve(String target);

    /**
     * Replaces the connection of a target resolved before, after it was lost; whoever holds its host then uses
     * the new one. False when this resolver cannot (its hosts are not reconnectable).
     */
    default boolean reconnect(String target) {
        return false;
    }

    /** Whether a target names this machine rather than a remote one. */
    static boolean isLocal(String target) {
        return target == null || target.isEmpty() || target.equals("localhost");
    }
}
