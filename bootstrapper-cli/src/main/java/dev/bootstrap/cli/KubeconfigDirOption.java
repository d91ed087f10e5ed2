package dev.bootstrap.cli;

import dev.bootstrap.pki.NodeLayout;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --kubeconfig-dir}: where admin.conf and the other kubeconfig files are. */
public final class KubeconfigDirOption {

    @Option(names = "--kubeconfig-dir", paramLabel = "DIR", defaultValue = NodeLayout.KUBERNETES_DIR,
            description = "Where admin.conf and the other kubeconfig files are (default: ${DEFAULT-VALUE}).")
    Path kubeconfigDir;

    String nodePath(CommandSpec spec, GlobalOptions global) {
        return NodeFiles.nodePath(spec, global, "--kubeconfig-dir", kubeconfigDir);
    }
}
