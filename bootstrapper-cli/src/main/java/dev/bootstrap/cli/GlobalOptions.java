package dev.bootstrap.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Options every command accepts; mix into a command with {@code @Mixin GlobalOptions global}. */
public final class GlobalOptions {

    public enum Output { text, json }

    @Option(names = "--rootfs", scope = ScopeType.INHERIT, paramLabel = "DIR",
            description = "Resolve every node path (/etc/kubernetes, /var/lib/kubelet, /var/lib/etcd) under DIR.")
    public Path rootfs;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public Output output = Output.text;

    public boolean json() {
        return output == Output.json;
    }
}
