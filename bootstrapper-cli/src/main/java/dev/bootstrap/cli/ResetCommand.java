package dev.bootstrap.cli;

import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.reset.EtcdMemberRemoval;
import dev.bootstrap.reset.ResetOptions;
import dev.bootstrap.reset.ResetWorkflow;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
                + "unmount and empty /var/lib/kubelet, remove pod sandboxes, empty /etc/kubernetes/manifests, "
                + "/etc/kubernetes/pki and the etcd data directory, delete kubeadm's kubeconfig files.",
                "Never touches iptables, IPVS, nftables, CNI configuration or $HOME/.kube/config. Running it again "
                        + "changes nothing. Exit 1 when any node failed."})
public final class ResetCommand implements Callable<Integer> {

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
            + "SSH; repeatable (default: this machine).")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--force", description = "Reset without asking for confirmation.")
    boolean force;

    @Option(names = "--cleanup-tmp-dir", description = "Also delete the contents of /etc/kubernetes/tmp.")
    boolean cleanupTmpDir;

    @Option(names = "--dry-run", description = "Inspect the nodes and print what would be done; change nothing.")
    boolean dryRun;

    @Option(names = "--parallel", paramLabel = "N", description = "Nodes reset at once (default ${DEFAULT-VALUE}).")
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
        List<String> targets = nodes.isEmpty() ? List.of("localhost") : nodes;
        PrintWriter out = spec.commandLine().getOut();
        if (!force && !dryRun && !confirmed(targets)) {
            throw new IllegalStateException("reset aborted: nothing was changed");
        }
        EventPrinter printer = new EventPrinter(out, global.json(), targets.size() > 1);
        // Member removal through the etcd API arrives with join; until then the phase says it was not done.
        RunReport report;
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            report = new ResetWorkflow(resolver, services.serviceManager(), new ResetOptions(cleanupTmpDir, dryRun),
                    EtcdMemberRemoval.NOT_IMPLEMENTED).run(targets, parallel, printer);
        }
        if (global.json()) {
            out.println(Json.line(Map.of("reminders", ResetWorkflow.REMINDERS)));
        } else {
            ResetWorkflow.REMINDERS.forEach(r -> out.println("\n" + r));
        }
        printer.summary(report);
        return report.ok() ? 0 : 1;
    }

    /** kubeadm's question; answered on the terminal. Without a terminal nobody can be asked: go ahead. */
    private boolean confirmed(List<String> targets) {
        Optional<String> answer = prompt.ask("[reset] WARNING: Changes made to " + String.join(", ", targets)
                + " by 'init' or 'join' will be reverted.\n[reset] Are you sure you want to proceed? [y/N]: ");
        return answer.map(a -> a.trim().equalsIgnoreCase("y") || a.trim().equalsIgnoreCase("yes")).orElse(true);
    }
}
