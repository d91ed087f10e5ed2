package dev.bootstrap.cli;

import dev.bootstrap.host.ssh.ConnectionProbe;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.PreflightReport;
import dev.bootstrap.preflight.PreflightRunner;
import dev.bootstrap.preflight.PreflightTarget;
import dev.bootstrap.preflight.PreflightRole;
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

/** {@code bootstrap preflight}: kubeadm's init/join preflight checks plus bootstrap's own, on every node. */
@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = {"Check nodes before init/join: kubeadm's preflight checks with kubeadm's names and "
                + "severities, plus known failures (no systemd, dead runtime, cgroup driver, swap, modules, ...).",
                "Exit 1 when any node has an error that is not ignored."})
public final class PreflightCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    SshOptions ssh;

    @Mixin
    DebugLogOptions debugLog;

    @Option(names = "--connect-only", description = "Only connect to each node and report: reachable, auth "
            + "method, sudo, OS, kernel. Runs no checks.")
    boolean connectOnly;

    @Option(names = "--master", arity = "0..1", fallbackValue = "localhost", paramLabel = "HOST",
            description = "Control-plane node, checked with kubeadm init's checks (no value: this machine). "
                    + "Default when neither --master nor --node is given.")
    String master;

    @Option(names = "--node", paramLabel = "HOST", description = "Worker node, checked with kubeadm join's checks; repeatable.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--ignore-preflight-errors", paramLabel = "NAME,...",
            description = "Checks whose errors become warnings, e.g. NumCPU,Swap; 'all' ignores every error. "
                    + "Names are matched case-insensitively, as kubeadm does.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--control-plane-endpoint", paramLabel = "HOST[:PORT]", description = "API server address the "
            + "workers will join; checked against their proxy settings (HTTPProxy).")
    String controlPlaneEndpoint;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION", description = "Version to install (decides the "
            + "conntrack and crictl checks and the kubelet skew); default: the --config file's, else "
            + VersionTable.DEFAULT_VERSION + ".")
    String kubernetesVersion;

    @Option(names = "--config", paramLabel = "FILE", description = "kubeadm configuration (InitConfiguration/"
            + "ClusterConfiguration) the control-plane checks follow: localAPIEndpoint.bindPort, etcd.local.dataDir "
            + "or etcd.external, networking service/pod subnets, nodeRegistration.ignorePreflightErrors (the flag's names are "
            + "added). Default: kubeadm's defaults.")
    Path config;

    @Option(names = "--parallel", paramLabel = "N", description = "Nodes checked at once (default ${DEFAULT-VALUE}).")
    int parallel = 10;

    @Override
    public Integer call() {
        List<PreflightTarget> targets = targets();
        PreflightOptions options = options();
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, got " + parallel);
        }
        PreflightPrinter printer = new PreflightPrinter(spec.commandLine().getOut());
        if (connectOnly) {
            List<ConnectionProbe.Report> reports = new ConnectionProbe(ssh.connector())
                    .probeAll(targets.stream().map(PreflightTarget::target).toList());
            printer.connections(reports, global.json());
            return reports.stream().allMatch(r -> r.reachable() && r.sudoOk()) ? 0 : 1;
        }
        PreflightReport report;
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            report = new PreflightRunner(resolver, new FactsGatherer(), parallel).run(targets, options);
        }
        if (global.json()) {
            printer.json(report);
        } else {
            printer.text(report);
        }
        return report.fatal() ? 1 : 0;
    }

    List<PreflightTarget> targets() {
        List<PreflightTarget> targets = new ArrayList<>();
        if (master != null || nodes.isEmpty()) {
            targets.add(new PreflightTarget(master == null ? "localhost" : master, PreflightRole.CONTROL_PLANE));
        }
        nodes.forEach(n -> targets.add(new PreflightTarget(n, PreflightRole.WORKER)));
        return targets;
    }

    /** The host of HOST, HOST:PORT or [IPv6]:PORT; a value that is no endpoint is taken as the host. */
    static String hostOf(String endpoint) {
        return HostPort.parse(endpoint).map(HostPort::host).orElse(endpoint);
    }

    private PreflightOptions options() {
        try {
            // The version is not laid over the file: a version newer than bootstrap writes must still be
            // judged (KubernetesVersion's warning), while the file is read as init would read it.
            KubeadmConfig cfg = config == null ? KubeadmConfig.defaults() : KubeadmConfigReader.readInit(config, InitFlags.NONE,
                    Warnings.to(spec));
            KubernetesVersion target = kubernetesVersion == null ? cfg.cluster().kubernetesVersion()
                    : KubernetesVersion.require(kubernetesVersion);
            // the file's nodeRegistration.ignorePreflightErrors plus the flag's names, as init merges them
            List<String> ignored = new ArrayList<>(cfg.init().nodeRegistration().ignorePreflightErrors());
            ignored.addAll(ignore);
            return new PreflightOptions(target, IgnoredErrors.parse(ignored),
                    Optional.ofNullable(controlPlaneEndpoint).map(PreflightCommand::hostOf), ClusterSetup.of(cfg));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().startsWith("--") ? e.getMessage()
                    : "--kubernetes-version: " + e.getMessage());
        }
    }
}
