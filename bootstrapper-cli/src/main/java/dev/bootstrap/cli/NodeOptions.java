package dev.bootstrap.cli;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.ssh.NodeResolver;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which one node a command works on: this machine (under --rootfs) or one reached over SSH. */
final class NodeOptions {

    @Mixin
    GlobalOptions global;

    @Mixin
    SshOptions ssh;

    @Mixin
    DebugLogOptions debugLog;

    @Option(names = "--node", paramLabel = "HOST", description = "The node: localhost (default, this machine, under "
            + "--rootfs) or [user@]host[:port] or an ssh config alias, reached over SSH.")
    String node;

    /** What {@code work} returns with the node; the connection is closed afterwards. */
    <T> T onNode(Function<Host, T> work) {
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            return work.apply(resolver.resolve(node == null ? "localhost" : node));
        }
    }
}
