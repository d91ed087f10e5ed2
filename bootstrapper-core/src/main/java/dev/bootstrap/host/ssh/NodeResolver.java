package dev.bootstrap.host.ssh;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * The resolver commands use: "localhost" (or nothing) is this machine under --rootfs, anything else
 * is reached over SSH, one shared connection per node for the whole run. The resolver owns the
 * connections: callers use the hosts and close the resolver, not the hosts.
 */
public final class NodeResolver implements HostResolver, AutoCloseable {

    private final Path rootfs;
    private final SshHosts ssh;
    private final UnaryOperator<Host> wrap;

    /** @param rootfs --rootfs for the local machine, or null */
    public NodeResolver(Path rootfs, SshConnector connector) {
        this(rootfs, connector, UnaryOperator.identity());
    }

    /** @param wrap applied to every host handed out (the debug log), or identity */
    public NodeResolver(Path rootfs, SshConnector connector, UnaryOperator<Host> wrap) {
        this.rootfs = rootfs;
        this.ssh = new SshHosts(connector);
        this.wrap = wrap;
    }

    @Override
    public Host resolve(String target) {
        return wrap.apply(HostResolver.isLocal(target) ? new LocalHost("localhost", rootfs) : ssh.host(target));
    }

    @Override
    public void close() {
        ssh.close();
    }
}
