package dev.bootstrap.cli;

import dev.bootstrap.config.KubeadmConfigReader;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code bootstrap config validate}: kubeadm's {@code config validate} (cmd/kubeadm/app/cmd/config.go). */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Read a kubeadm configuration file as init and join read it (and an UpgradeConfiguration) and"
                + " print \"ok\" (exit 0), or the first error with file, line and field (exit 1).",
                "A kubeadm.k8s.io/v1beta3 file is read with a deprecation warning where its Kubernetes version still"
                        + " allows it, and refused from v1.37 on."})
final class ConfigValidateCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The configuration file to check.")
    Path config;

    @Option(names = "--allow-deprecated-api", description = "Do not warn about a deprecated API version (v1beta3).")
    boolean allowDeprecatedApi;

    @Override
    public void run() {
        KubeadmConfigReader.readAny(config, allowDeprecatedApi ? warning -> { } : Warnings.to(spec));
        spec.commandLine().getOut().println("ok");
        spec.commandLine().getOut().flush();
    }
}
