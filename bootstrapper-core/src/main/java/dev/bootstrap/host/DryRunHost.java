package dev.bootstrap.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A host for --dry-run: files are written under a temporary directory instead of the node, commands
 * are recorded instead of run, removals are recorded; reads see the dry-run files first, then the
 * real node (read-only). {@link #actions()} lists everything it would have done, in order.
 */
public final class DryRunHost implements Host {

    private final Host real;
    private final LocalHost scratch;
    private final List<String> actions = Collections.synchronizedList(new ArrayList<>());

    public DryRunHost(Host real, Path scratchDir) {
        this.real = real;
        this.scratch = new LocalHost(real.name(), scratchDir);
    }

    @Override
    public String name() {
        return real.name();
    }

    public List<String> actions() {
        synchronized (actions) {
            return List.copyOf(actions);
        }
    }

    /** The real node's: recorded commands name the files they would act on. */
    @Override
    public String shellPath(String nodePath) {
        return real.shellPath(nodePath);
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        actions.add("run: " + command);
        return new CommandResult(0, "", "", Duration.ZERO, false);
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        Optional<byte[]> written = scratch.readFile(path);
        return written.isPresent() ? written : real.readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        scratch.writeFile(path, content, mode, null);
        actions.add(String.format("write: %s (mode %04o, %d bytes) -> %s", path, mode, content.length,
                scratch.resolve(path)));
    }

    @Override
    public Optional<FileStat> stat(String path) {
        Optional<FileStat> written = scratch.stat(path);
        return written.isPresent() ? written : real.stat(path);
    }

    @Override
    public void mkdirs(String path, int mode) {
        scratch.mkdirs(path, mode);
        actions.add(String.format("mkdir: %s (mode %04o)", path, mode));
    }

    @Override
    public void remove(String path) {
        actions.add("remove: " + path);
    }

    @Override
    public java.net.InetSocketAddress forward(String address, int port) {
        return real.forward(address, port);
    }

    @Override
    public void close() {
        real.close();
    }
}
