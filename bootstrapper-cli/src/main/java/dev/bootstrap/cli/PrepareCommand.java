package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cluster.ClusterHosts;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.cluster.PrepareSpec;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.Interruption;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.prepare.Binaries;
import dev.bootstrap.prepare.PrepareContext;
import dev.bootstrap.prepare.PrepareRecord;
import dev.bootstrap.prepare.PreparePhase;
import dev.bootstrap.prepare.PrepareTarget;
import dev.bootstrap.prepare.PrepareWorkflow;
import dev.bootstrap.runtime.Registries;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap prepare}: node preparation on a cluster file's nodes, or on this machine before init or join. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = {"Prepare nodes for kubeadm: swap off (and commented in /etc/fstab), overlay and br_netfilter "
                + "loaded, forwarding and bridge sysctls set (bootstrap's own drop-in files), SELinux permissive, the "
                + "firewall's needed ports opened or listed, containerd and the kubelet installed where missing (from "
                + "packages or a binaries directory), containerd configured for the kubelet and started.",
                "Every change is recorded on the node (" + PrepareRecord.PATH + "); 'bootstrap reset' "
                        + "undoes exactly those. A prepared node is left as it is. 'bootstrap up' runs this first on "
                        + "every node (spec.prepare).",
                "With -f, the file's nodes (or the --node ones) over SSH; without, this machine, for 'init' and "
                        + "'join'."})
public final class PrepareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A cluster file: prepare its nodes as its "
            + "spec.prepare says.")
    Path file;

    @Option(names = "--node", paramLabel = "NAME", description = "With -f: only this node of the file; repeatable.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--dry-run", description = "Inspect the nodes and print what would change; change nothing.")
    boolean dryRun;

    @Option(names = "--control-plane", description = "This machine becomes a control plane (its firewall ports).")
    boolean controlPlane;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION", description = "The version the kubelet is "
            + "installed and pinned at, and whose pause image containerd uses (default: bootstrap's).")
    String kubernetesVersion;

    @Option(names = "--image-repository", paramLabel = "REPO", description = "Where the pause image comes from "
            + "(default: registry.k8s.io).")
    String imageRepository;

    @Option(names = "--binaries", paramLabel = "DIR", description = "Install from this directory (with SHA256SUMS) "
            + "instead of the package manager.")
    Path binaries;

    @Option(names = "--cni", paramLabel = "TYPE", description = "The pod network, for its firewall ports: flannel, "
            + "calico or none (default).")
    String cni = "none";

    @Mixin
    ServiceManagerOptions services;

    @Mixin
    DebugLogOptions debugLog;

    private ClusterFile.Cni cni() {
        return java.util.Arrays.stream(ClusterFile.Cni.values()).filter(c -> c.yamlName().equals(cni)).findFirst()
                .orElseThrow(() -> new ParameterException(spec.commandLine(), "--cni: \"" + cni
                        + "\" is not one of flannel, calico, none"));
    }

    @Override
    public Integer call() {
        if (global.rootfs != null) {
            throw new ParameterException(spec.commandLine(), "--rootfs does not apply to prepare: swap, kernel modules "
                    + "and services belong to the running machine");
        }
        TemplateRenderer renderer = new TemplateRenderer(TemplateSource.builtIn());
        EventPrinter printer = new EventPrinter(spec.commandLine().getOut(), global.json(), true);
        Interruption interruption = new Interruption();
        RunReport report;
        if (file != null) {
            ClusterFile cluster = ClusterFileReader.read(file, System.getenv());
            List<String> unknown = nodes.stream().filter(n -> cluster.nodes().stream().map(ClusterNode::name)
                    .noneMatch(n::equals)).toList();
            if (!unknown.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--node: " + String.join(", ", unknown) + " is not a "
                        + "node of " + file);
            }
            try (DebugLogOptions log = debugLog.open();
                 ClusterHosts hosts = new ClusterHosts(cluster.nodes(), SshOptions.secrets(System.getenv(), log::redact),
                         log::wrap)) {
                report = PrepareWorkflow.run(cluster, hosts, nodes, dryRun, renderer, printer, interruption);
            }
        } else {
            if (!nodes.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--node needs -f: without a cluster file prepare works "
                        + "on this machine");
            }
            PrepareSpec prepare = new PrepareSpec(true, true, true, true, java.util.Map.of(), true, false, true, true,
                    Optional.ofNullable(binaries));
            PrepareTarget target = new PrepareTarget(prepare, KubeadmConfigReader.fromFlags(InitFlags.images(
                    kubernetesVersion, imageRepository, null)).cluster(), Registries.NONE, cni(), controlPlane,
                    services.serviceManager(), Optional.ofNullable(binaries).map(Binaries::verify), renderer);
            report = new PhaseRunner(1, printer, interruption).run(List.of(new PreparePhase()), List.of(
                    new PhaseRunner.Target<>("localhost", new PrepareContext(new LocalHost(), target, dryRun))),
                    SkipPhases.NONE);
        }
        printer.summary(report);
        PrintWriter out = spec.commandLine().getOut();
        if (!global.json()) {
            out.println(report.changed() == 0 ? "\nNothing " + (dryRun ? "would change" : "changed") + ": the nodes "
                    + "are prepared" : "\n" + report.changed() + " node(s) " + (dryRun ? "would change" : "prepared"));
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }
}
