package dev.bootstrap.cli;

import dev.bootstrap.pki.PkiConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** --cert-dir and --kubeconfig-dir of the certs commands, as node paths under --rootfs. */
public final class CertsDirOptions {

    @Option(names = "--cert-dir", paramLabel = "DIR", defaultValue = PkiConfig.DEFAULT_CERT_DIR,
            description = "The PKI directory, a node path under --rootfs (default: ${DEFAULT-VALUE}).")
    Path certDir;

    @Option(names = "--kubeconfig-dir", paramLabel = "DIR", defaultValue = "/etc/kubernetes",
            description = "Where admin.conf and the other kubeconfig files are (default: ${DEFAULT-VALUE}).")
    Path kubeconfigDir;

    String certDir(CommandSpec spec, GlobalOptions global) {
        return NodeFiles.nodePath(spec, global, "--cert-dir", certDir);
    }

    String kubeconfigDir(CommandSpec spec, GlobalOptions global) {
        return NodeFiles.nodePath(spec, global, "--kubeconfig-dir", kubeconfigDir);
    }

    /** No etcd/ directory under the cert dir: etcd is external and its rows are left out, as kubeadm does. */
    static boolean externalEtcd(dev.bootstrap.host.Host host, String certDir) {
        return host.stat(certDir + "/etcd").isEmpty();
    }
}
