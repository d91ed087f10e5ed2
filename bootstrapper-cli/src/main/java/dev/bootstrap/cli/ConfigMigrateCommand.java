package dev.bootstrap.cli;

import dev.bootstrap.config.KubeadmConfigFile;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.host.LocalHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootstrap config migrate}: kubeadm's {@code config migrate} (cmd/kubeadm/app/cmd/config.go). */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {"Convert a kubeadm configuration file (kubeadm.k8s.io/v1beta3 or v1beta4) to kubeadm.k8s.io/v1beta4"
                + " with kubeadm's defaults filled in.",
                "An InitConfiguration or ClusterConfiguration gives both documents; a JoinConfiguration gives a"
                        + " JoinConfiguration. Component configs and other kinds are refused."})
final class ConfigMigrateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--old-config", required = true, paramLabel = "FILE",
            description = "The configuration file to convert (kubeadm.k8s.io/v1beta3 or v1beta4).")
    Path oldConfig;

    @Option(names = "--new-config", paramLabel = "FILE",
            description = "Where to write the converted file (replaced atomically); default: print it to stdout.")
    Path newConfig;

    @Override
    public void run() {
        KubeadmConfigFile migrated = KubeadmConfigReader.readForMigration(oldConfig);
        if (newConfig != null) {
            // replaced atomically (LocalHost writes aside and renames); owner-only: the file may hold bootstrap tokens
            new LocalHost().writeFile(newConfig.toAbsolutePath().toString(),
                    migrated.toYaml().getBytes(StandardCharsets.UTF_8), 0600);
            return;
        }
        spec.commandLine().getOut().print(migrated.toYaml());
        spec.commandLine().getOut().flush();
    }
}
