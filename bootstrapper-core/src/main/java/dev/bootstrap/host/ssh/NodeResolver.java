package dev.bootstrap.host.ssh;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import java.nio.file.Path;

/**
 * The resolver commands use: "localhost" (or nothing) is this machine under --rootfs, anything else
 * is reached over SSH, one shared connection per node for the whole run. The resolver owns the
 * connections: callers use the hosts and close the resolver, not the hosts.
 */
public final class NodeResolver implements HostResolver, AutoCloseable {

    private final Path rootfs;
    private final SshHosts ssh;

    /** @param rootfs --rootfs for the local machine, or null */
    public NodeResolver(Path rootfs, SshConnector connector) {
        this.rootfs = rootfs;
        this.ssh = new SshHosts(connector);
    }

    @Override
    public Host resolve(String target) {
        return HostResolver.isLocal(target) ? new LocalHost("localhost", rootfs) : ssh.host(target);
    }

    @Override
    public void close() {
        ssh.close();
    }
}
