package dev.bootstrap.host;

import java.time.Duration;
import java.util.Optional;

/**
 * A node that phases act on: this machine ({@link LocalHost}) or a machine reached over SSH.
 * Phases see only this interface, so every step works the same on both.
 *
 * <p>Paths are node paths ("/etc/kubernetes/pki/ca.crt"); an implementation may map them (LocalHost
 * maps them under --rootfs). Failures are {@link HostException}s that name the host.
 */
public interface Host extends AutoCloseable {

    /** The name used in reports and errors (the node name or user@address). */
    String name();

    /**
     * Runs a shell command line. The command is passed to {@code sh -c}; every variable part of it
     * must be quoted with {@link Shell#quote(String)}. When the timeout passes, the command and its
     * children are ended and the result says so.
     */
    CommandResult run(String command, Duration timeout);

    /** Runs a command that must succeed; a non-zero exit is a {@link HostException} with its output. */
    default CommandResult runChecked(String command, Duration timeout) {
        CommandResult result = run(command, timeout);
        if (!result.ok()) {
            throw new HostException(name(), "command failed (" + result.describeExit() + "): "
                    + Shell.abbreviate(command) + result.stderrTail());
        }
        return result;
    }

    /** The file's bytes, or empty when it does not exist. */
    Optional<byte[]> readFile(String path);

    /**
     * Writes a file atomically: a temporary file in the same directory, mode (and owner when
     * given) set on it, then renamed over the target. Missing parent directories are created 0755.
     *
     * @param owner "user" or "user:group", or null to leave the default
     */
    void writeFile(String path, byte[] content, int mode, String owner);

    default void writeFile(String path, byte[] content, int mode) {
        writeFile(path, content, mode, null);
    }

    /**
     * Writes several files, each as {@link #writeFile(String, byte[], int, String)} does, in order;
     * stops at the first that fails. An implementation may do it in one round trip.
     */
    default void writeFiles(java.util.List<FileWrite> writes) {
        for (FileWrite w : writes) {
            writeFile(w.path(), w.content(), w.mode(), w.owner());
        }
    }

    /** Facts about a path, or empty when nothing is there. Does not follow a final symlink. */
    Optional<FileStat> stat(String path);

    /** Creates the directory and its missing parents; the last one gets {@code mode}. */
    void mkdirs(String path, int mode);

    /** Removes a file or a directory tree; nothing there is not an error. */
    void remove(String path);

    /**
     * A local address that reaches {@code port} on {@code address} as seen from the node (for
     * example the kubelet's 127.0.0.1:10248): the address itself on this machine, a tunnel over the
     * SSH connection for a remote node. Tunnels end when the host is closed.
     */
    default java.net.InetSocketAddress forward(String address, int port) {
        return new java.net.InetSocketAddress(address, port);
    }

    /**
     * The path a command given to {@link #run} must use for a node path: the node path itself,
     * except where the implementation maps node paths (LocalHost under --rootfs). Batched shell
     * scripts build their paths with this, so they act on the same files as the other methods.
     */
    default String shellPath(String nodePath) {
        return nodePath;
    }

    /**
     * Whether node paths are mapped into another root (--rootfs): its files are that root's, while the kernel, the
     * network links and the services are still this machine's, which a root's reset or undo must leave alone.
     */
    default boolean mapsPaths() {
        return !shellPath("/").equals("/");
    }

    @Override
    void close();
}
