package dev.bootstrap.state;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.FileStat;
import dev.bootstrap.host.Host;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A host that notes, while a step records, the sha256 of every file the step read or wrote through
 * it: what the journal keeps so that a later run can tell whether the step's files are still as it
 * left them. Recording is per thread (a node's steps run one after another on one thread).
 */
public final class FileTrailHost implements Host {

    private final Host host;
    private final ThreadLocal<Map<String, String>> trail = new ThreadLocal<>();

    public FileTrailHost(Host host) {
        this.host = host;
    }

    /** Starts noting files on this thread. */
    public void record() {
        trail.set(new LinkedHashMap<>());
    }

    /** Stops noting and returns node path to sha256 of what was read or written (last content wins). */
    public Map<String, String> stop() {
        Map<String, String> files = trail.get();
        trail.remove();
        return files == null ? Map.of() : files;
    }

    private void note(String path, byte[] content) {
        Map<String, String> files = trail.get();
        if (files != null) {
            files.put(path, Journal.sha256(content));
        }
    }

    @Override
    public String name() {
        return host.name();
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        return host.run(command, timeout);
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        Optional<byte[]> content = host.readFile(path);
        content.ifPresent(c -> note(path, c));
        return content;
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        host.writeFile(path, content, mode, owner);
        note(path, content);
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return host.stat(path);
    }

    @Override
    public void mkdirs(String path, int mode) {
        host.mkdirs(path, mode);
    }

    @Override
    public void remove(String path) {
        host.remove(path);
        Map<String, String> files = trail.get();
        if (files != null) {
            files.remove(path);
        }
    }

    @Override
    public InetSocketAddress forward(String address, int port) {
        return host.forward(address, port);
    }

    @Override
    public String shellPath(String nodePath) {
        return host.shellPath(nodePath);
    }

    @Override
    public void close() {
        host.close();
    }
}
