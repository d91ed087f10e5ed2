package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cluster.ClusterHosts;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.reset.ClusterReset;
import dev.bootstrap.reset.EtcdApiMemberRemoval;
import dev.bootstrap.reset.ResetOptions;
import dev.bootstrap.reset.ResetWorkflow;
import dev.bootstrap.state.LockHolder;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap reset}: undoes init/join on nodes as kubeadm reset does. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = {"Revert the changes 'init' and 'join' made to nodes, as 'kubeadm reset' does: stop the kubelet, "
                + "unmount and empty " + NodeLayout.KUBELET_DIR + ", remove pod sandboxes, empty "
                + NodeLayout.MANIFESTS_DIR + ", " + NodeLayout.DEFAULT_CERTIFICATES_DIR
                + " and the etcd data directory, delete kubeadm's kubeconfig files.",
                "With -f FILE: the nodes of a cluster file (or those named with --node), workers first, then the "
                        + "further control planes one at a time (each removed from etcd first), the first control "
                        + "plane last, under the cluster lock.",
                "Beyond kubeadm, empties the CNI directories (" + NodeLayout.CNI_CONF_DIR + ", ...) and removes the "
                        + "CNI's links (cni0, flannel.1, vxlan.calico). Never touches iptables, IPVS, nftables, other "
                        + "links, the container runtime's images or $HOME/.kube/config. Running it again changes "
                        + "nothing. Exit 1 when any node failed."})
public final class ResetCommand implements Callable<Integer> {

    /** The phases to run ({@code reset phase NAME}), or all when empty. */
    private final Set<String> only;

    public ResetCommand() {
        this(Set.of());
    }

    ResetCommand(Set<String> only) {
        this.only = only;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    ServiceManagerOptions services;

    @Mixin
    SshOptions ssh;

    @Mixin
    DebugLogOptions debugLog;

    @Option(names = "--node", paramLabel = "HOST", description = "Node to reset: localhost, or [user@]host[:port] or an ssh config alias, reached over "
            + "SSH; repeatable (default: this machine). With -f: the name of a node of the cluster file (default: all).")
    List<String> nodes = new ArrayList<>();

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Cluster file whose nodes to reset, each "
            + "reached with its own SSH settings; the service manager and concurrency come from the file too.")
    Path clusterFile;

    @Option(names = "--force", description = "Reset without asking for confirmation.")
    boolean force;

    @Option(names = "--cleanup-tmp-dir", description = "Also delete the contents of " + NodeLayout.TMP_DIR + ".")
    boolean cleanupTmpDir;

    @Option(names = "--dry-run", description = "Inspect the nodes and print what would be done; change nothing.")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", description = "Nodes reset at once (default ${DEFAULT-VALUE}; "
            + "with -f the file's concurrency).")
    int parallel = 10;

    /** Asks the user on the terminal; empty when there is none. Replaced in tests. */
    Prompt prompt = Prompt.TERMINAL;

    /** A yes/no question on the terminal. */
    @FunctionalInterface
    interface Prompt {
        /** The answer, or empty when there is no terminal to ask on. */
        Optional<String> ask(String question);

        Prompt TERMINAL = question -> {
            if (System.console() == null) {
                return Optional.empty();
            }
            System.console().printf("%s", question).flush();
            return Optional.ofNullable(System.console().readLine());
        };
    }

    @Override
    public Integer call() {
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, got " + parallel);
        }
        if (clusterFile != null) {
            return resetCluster();
        }
        List<String> targets = nodes.isEmpty() ? List.of("localhost") : nodes;
        confirm(targets);
        EventPrinter printer = new EventPrinter(spec.commandLine().getOut(), global.json(), targets.size() > 1);
        RunReport report;
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            // Without a cluster file the other control planes are unknown: the member is removed through its own etcd.
            report = new ResetWorkflow(resolver, services.serviceManager(), new ResetOptions(cleanupTmpDir, dryRun, only),
                    new EtcdApiMemberRemoval(List.of(), resolver)).run(targets, parallel, printer);
        }
        return finish(printer, report, List.of());
    }

    /** -f FILE: the file's nodes by name, in etcd-safe order, under the cluster lock. */
    private Integer resetCluster() {
        if (global.rootfs != null) {
            throw new ParameterException(spec.commandLine(), "--rootfs does not apply with -f: the file's nodes are "
                    + "reached over SSH");
        }
        ClusterFile cluster = ClusterFileReader.read(clusterFile, ssh.env);
        List<ClusterNode> selected;
        try {
            selected = ClusterReset.select(cluster, nodes);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--node: " + e.getMessage());
        }
        List<String> names = selected.stream().map(ClusterNode::name).toList();
        confirm(names);
        EventPrinter printer = new EventPrinter(spec.commandLine().getOut(), global.json(), names.size() > 1);
        ClusterReset.Result result;
        try (DebugLogOptions log = debugLog.open();
             ClusterHosts hosts = new ClusterHosts(cluster.nodes(), SshOptions.secrets(ssh.env, log::redact), log::wrap)) {
            ClusterReset reset = new ClusterReset(cluster, hosts, cluster.serviceManager().create(),
                    new ResetOptions(cleanupTmpDir, dryRun, only));
            result = InterruptHook.around(spec.commandLine().getErr(), reset::interrupt,
                    "bootstrap reset -f " + clusterFile, () -> reset.run(selected,
                            LockHolder.ofThisProcess("bootstrap reset -f " + clusterFile), printer));
        }
        return finish(printer, result.report(), result.notes());
    }

    private void confirm(List<String> targets) {
        if (!force && !dryRun && !confirmed(targets)) {
            throw new IllegalStateException("reset aborted: nothing was changed");
        }
    }

    private int finish(EventPrinter printer, RunReport report, List<String> notes) {
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Map<String, Object> closing = new LinkedHashMap<>();
            closing.put("reminders", ResetWorkflow.reminders(dryRun));
            closing.put("notes", notes);
            out.println(Json.line(closing));
        } else {
            notes.forEach(n -> out.println("\n" + n));
            ResetWorkflow.reminders(dryRun).forEach(r -> out.println("\n" + r));
        }
        printer.summary(report);
        if (!global.json()) {
            out.println(report.changed() == 0 ? "\nNothing changed: " + String.join(", ", report.byHost().keySet())
                    + (report.ok() ? " had nothing left to reset" : " (see the failures above)")
                    : "\n" + report.changed() + (dryRun ? " phases would change" : " phases changed"));
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }

    /** kubeadm's question; answered on the terminal. Without a terminal nobody can be asked: go ahead. */
    private boolean confirmed(List<String> targets) {
        Optional<String> answer = prompt.ask("[reset] WARNING: Changes made to " + String.join(", ", targets)
                + " by 'init' or 'join' will be reverted.\n[reset] Are you sure you want to proceed? [y/N]: ");
        return answer.map(a -> a.trim().equalsIgnoreCase("y") || a.trim().equalsIgnoreCase("yes")).orElse(true);
    }
}
