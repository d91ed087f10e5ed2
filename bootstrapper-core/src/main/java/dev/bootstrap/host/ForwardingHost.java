package dev.bootstrap.host;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * A host that passes every call on to another: the base of decorators ({@link LoggingHost},
 * {@code state.FileTrailHost}), which override only what they add to.
 */
public abstract class ForwardingHost implements Host {

    protected final Host host;

    protected ForwardingHost(Host host) {
        this.host = host;
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
        return host.readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        host.writeFile(path, content, mode, owner);
    }

    @Override
    public void writeFiles(java.util.List<FileWrite> writes) {
        host.writeFiles(writes);
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
