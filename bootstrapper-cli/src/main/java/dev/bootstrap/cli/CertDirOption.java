package dev.bootstrap.cli;

import dev.bootstrap.host.Host;
import dev.bootstrap.pki.NodeLayout;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --cert-dir} of the certificate commands, a node path under --rootfs. */
public final class CertDirOption {

    @Option(names = "--cert-dir", paramLabel = "DIR", defaultValue = NodeLayout.DEFAULT_CERTIFICATES_DIR,
            description = "The PKI directory, a node path under --rootfs (default: ${DEFAULT-VALUE}).")
    Path certDir;

    String nodePath(CommandSpec spec, GlobalOptions global) {
        return NodeFiles.nodePath(spec, global, "--cert-dir", certDir);
    }

    /** The flag's node path when it was given, else null: then a --config file's certificatesDir counts. */
    String givenNodePath(CommandSpec spec, GlobalOptions global) {
        return spec.commandLine().getParseResult().hasMatchedOption("--cert-dir") ? nodePath(spec, global) : null;
    }

    /** No etcd/ directory under the cert dir: etcd is external and its rows are left out. */
    static boolean externalEtcd(Host host, String certDir) {
        return host.stat(new NodeLayout(certDir).etcdDir()).isEmpty();
    }
}
