package dev.bootstrap.cli;

import dev.bootstrap.pki.NodeLayout;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command accepts after its name; mix into a command with {@code @Mixin GlobalOptions global}.
 * (Not picocli-inherited: commands with subcommands mix them in too, and inherited copies would clash.)
 */
public final class GlobalOptions {

    public enum Output { text, json }

    @Option(names = "--rootfs", paramLabel = "DIR",
            description = "Resolve every node path (" + NodeLayout.KUBERNETES_DIR + ", " + NodeLayout.KUBELET_DIR + ", "
                    + NodeLayout.DEFAULT_ETCD_DATA_DIR + ") under DIR.")
    public Path rootfs;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    public Output output = Output.text;

    public boolean json() {
        return output == Output.json;
    }
}
