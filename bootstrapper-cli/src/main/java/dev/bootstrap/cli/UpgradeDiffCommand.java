package dev.bootstrap.cli;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.UpgradeConfiguration;
import dev.bootstrap.upgrade.ManifestDiff;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap upgrade diff VERSION}: kubeadm upgrade diff, the manifests an upgrade would write. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Show, as unified diffs, how the kube-apiserver, kube-controller-manager and kube-scheduler "
                + "manifests of a control plane would change for VERSION (kubeadm upgrade diff; etcd is not shown). "
                + "Changes nothing. Exit 0 whether or not they differ.")
public final class UpgradeDiffCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    UpgradeNodeOptions options;

    @Parameters(index = "0", arity = "0..1", paramLabel = "VERSION", description = "The target version (else the "
            + "--config file's diff.kubernetesVersion).")
    String version;

    @Option(names = "--config", paramLabel = "FILE", description = "A kubeadm v1beta4 UpgradeConfiguration (its diff "
            + "section).")
    Path config;

    @Option(names = {"-c", "--context-lines"}, paramLabel = "N", description = "Lines of context around each change "
            + "(default 3).")
    Integer contextLines;

    @Override
    public Integer call() {
        UpgradeConfiguration.Diff file = config == null ? UpgradeConfiguration.DEFAULTS.diff()
                : UpgradeSettings.read(config).diff();
        KubernetesVersion wanted = version != null ? UpgradeCommand.version(spec, version)
                : file.kubernetesVersion().orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "name the target VERSION (or diff.kubernetesVersion in --config)"));
        int context = contextLines != null ? contextLines : file.contextLines();
        if (context < 0) {
            throw new ParameterException(spec.commandLine(), "--context-lines must be 0 or more, got " + context);
        }
        List<ManifestDiff.Entry> diffs = options.node.onNode(host -> ManifestDiff.of(host, wanted, options.templates(),
                System.getenv(), context));
        PrintWriter out = spec.commandLine().getOut();
        if (options.node.global.json()) {
            Json.print(out, java.util.Map.of("targetVersion", wanted.toString(), "manifests", diffs));
            return 0;
        }
        for (ManifestDiff.Entry d : diffs) {
            out.print(d.diff().isEmpty() ? d.path() + ": no change\n" : d.diff());
        }
        out.flush();
        return 0;
    }
}
