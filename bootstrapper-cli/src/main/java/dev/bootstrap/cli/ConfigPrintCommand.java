package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.config.KubeadmConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap config print init-defaults|cluster-defaults}. */
@Command(name = "print", mixinStandardHelpOptions = true,
        description = "Print default configuration.",
        subcommands = {ConfigPrintCommand.InitDefaults.class, ConfigPrintCommand.ClusterDefaults.class})
public final class ConfigPrintCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: init-defaults, cluster-defaults");
    }

    @Command(name = "init-defaults", mixinStandardHelpOptions = true,
            description = {"Print the default InitConfiguration and ClusterConfiguration (kubeadm.k8s.io/v1beta4).",
                    "Edit the output and pass it to 'bootstrap init --config FILE'. The node values"
                            + " (advertiseAddress 1.2.3.4, name node, the token) are placeholders, as in kubeadm."})
    static final class InitDefaults implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(KubeadmConfig.initDefaults().toYaml());
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "cluster-defaults", mixinStandardHelpOptions = true,
            description = {"Print an example cluster file (bootstrap.dev/v1alpha1 Cluster) with the defaults, commented.",
                    "Edit the nodes and SSH settings; ${VAR} is replaced by the environment variable VAR."})
    static final class ClusterDefaults implements Runnable {

        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().getOut().print(ClusterFile.example());
            spec.commandLine().getOut().flush();
        }
    }
}
