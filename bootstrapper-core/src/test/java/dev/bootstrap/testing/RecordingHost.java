package dev.bootstrap.testing;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** A real host that also keeps every command it was asked to run, for tests about what was run. */
public final class RecordingHost implements Host {

    private final Host real;
    private final List<String> wrapper;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    public RecordingHost(Host real) {
        this(real, List.of());
    }

    /** Runs every command under {@code wrapper} (e.g. setpriv as another user) with sh -c. */
    public RecordingHost(Host real, List<String> wrapper) {
        this.real = real;
        this.wrapper = List.copyOf(wrapper);
    }

    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    @Override
    public String name() {
        return real.name();
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        commands.add(command);
        return real.run(wrapper.isEmpty() ? command : Shell.join(wrapper) + " sh -c " + Shell.quote(command), timeout);
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        return real.readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        real.writeFile(path, content, mode, owner);
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return real.stat(path);
    }

    @Override
    public void mkdirs(String path, int mode) {
        real.mkdirs(path, mode);
    }

    @Override
    public void remove(String path) {
        real.remove(path);
    }

    @Override
    public String shellPath(String nodePath) {
        return real.shellPath(nodePath);
    }

    @Override
    public void close() {
        real.close();
    }
}
