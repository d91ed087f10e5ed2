package dev.bootstrap.cli;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Which node an upgrade command works on (this machine or one over SSH) and the templates it renders with. */
final class UpgradeNodeOptions {

    @Mixin
    GlobalOptions global;

    @Mixin
    SshOptions ssh;

    @Mixin
    DebugLogOptions debugLog;

    @Option(names = "--node", paramLabel = "HOST", description = "The node: localhost (default, this machine, under "
            + "--rootfs) or [user@]host[:port] or an ssh config alias, reached over SSH.")
    String node;

    @Option(names = "--templates-dir", paramLabel = "DIR",
            description = "Directory whose files override the built-in templates of the same name.")
    Path templatesDir;

    /** What {@code work} returns with the node; the connection is closed afterwards. */
    <T> T onNode(Function<Host, T> work) {
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            return work.apply(resolver.resolve(node == null ? "localhost" : node));
        }
    }

    TemplateRenderer templates() {
        return new TemplateRenderer(templatesDir == null ? TemplateSource.builtIn()
                : TemplateSource.withOverrides(templatesDir));
    }
}
