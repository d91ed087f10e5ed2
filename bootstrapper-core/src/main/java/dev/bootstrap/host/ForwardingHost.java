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

    /** Where calls go: the host given, unless a subclass replaces it ({@link ReconnectingHost}). */
    protected Host delegate() {
        return host;
    }

    @Override
    public String name() {
        return delegate().name();
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        return delegate().run(command, timeout);
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        return delegate().readFile(path);
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        delegate().writeFile(path, content, mode, owner);
    }

    @Override
    public void writeFiles(java.util.List<FileWrite> writes) {
        delegate().writeFiles(writes);
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return delegate().stat(path);
    }

    @Override
    public void mkdirs(String path, int mode) {
        delegate().mkdirs(path, mode);
    }

    @Override
    public void remove(String path) {
        delegate().remove(path);
    }

    @Override
    public InetSocketAddress forward(String address, int port) {
        return delegate().forward(address, port);
    }

    @Override
    public String shellPath(String nodePath) {
        return delegate().shellPath(nodePath);
    }

    @Override
    public void close() {
        delegate().close();
    }
}
