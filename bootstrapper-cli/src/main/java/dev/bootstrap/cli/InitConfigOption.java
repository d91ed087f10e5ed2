package dev.bootstrap.cli;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --config} of the commands that read init's configuration to make files, not to run init. */
public final class InitConfigOption {

    @Option(names = "--config", paramLabel = "FILE",
            description = "kubeadm v1beta4 InitConfiguration and/or ClusterConfiguration, read as init reads it: node "
                    + "name, advertise address, controlPlaneEndpoint, SANs, certificatesDir, clusterName and "
                    + "encryptionAlgorithm; --cert-dir wins when given.")
    Path file;

    /** The configuration for this machine, a given --cert-dir over the file's certificatesDir. */
    KubeadmConfig read(CommandSpec spec, GlobalOptions global, CertDirOption certDir) {
        return LocalNode.read(spec, file, InitFlags.certDir(certDir.givenNodePath(spec, global)));
    }
}
