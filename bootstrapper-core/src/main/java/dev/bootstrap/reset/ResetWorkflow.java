package dev.bootstrap.reset;

import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.Interruption;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.service.ServiceManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code bootstrap reset}: kubeadm reset's phases (preflight, remove-etcd-member, cleanup-node) on
 * one or many nodes, each node at its own pace. Running it again on a reset node changes nothing.
 */
public final class ResetWorkflow {

    /**
     * kubeadm reset's closing text, where it differs saying what this reset did: kubeadm leaves the CNI configuration
     * ("The reset process does not clean CNI configuration"), this reset empties the CNI directories and removes the
     * CNI's links (see {@code CleanupNodePhase}); the iptables rules and kubeconfig files stay, as with kubeadm.
     */
    public static List<String> reminders(boolean dryRun) {
        return List.of(
                "The reset process " + (dryRun ? "would delete" : "deleted") + " the contents of "
                        + String.join(", ", NodeLayout.CNI_DIRS) + " and the CNI's links (cni0, flannel.1, vxlan.calico, "
                        + "tunl0), the links not under --rootfs, where they are this machine's. The CNI's iptables rules "
                        + "stay (see below).",
                "The reset process does not reset or clean up iptables rules or IPVS tables. If you wish to reset "
                        + "iptables, you must do so manually by using the \"iptables\" command. If your cluster was "
                        + "setup to utilize IPVS, run ipvsadm --clear (or similar) to reset your system's IPVS tables.",
                "The reset process does not clean your kubeconfig files and you must remove them manually. Please, "
                        + "check the contents of the $HOME/.kube/config file.");
    }

    private final HostResolver resolver;
    private final ServiceManager services;
    private final ResetOptions options;
    private final EtcdMemberRemoval etcd;

    public ResetWorkflow(HostResolver resolver, ServiceManager services, ResetOptions options, EtcdMemberRemoval etcd) {
        this.resolver = resolver;
        this.services = services;
        this.options = options;
        this.etcd = etcd;
    }

    /** kubeadm's reset phases, in order. */
    public static List<Phase<ResetContext>> phases() {
        return List.of(new ResetPreflightPhase(), new RemoveEtcdMemberPhase(), new CleanupNodePhase());
    }

    /**
     * Resets every target; a node that fails (or cannot be reached) does not stop the others. The
     * hosts stay open: they belong to the resolver, which the caller closes.
     */
    public RunReport run(List<String> targets, int concurrency, Consumer<PhaseEvent> events) {
        return run(targets, concurrency, events, new Interruption());
    }

    /** As {@link #run(List, int, Consumer)}, starting no further phase once {@code interruption} is requested. */
    public RunReport run(List<String> targets, int concurrency, Consumer<PhaseEvent> events,
                         Interruption interruption) {
        Path scratch = options.dryRun() ? scratchDir() : null;
        List<PhaseRunner.Target<ResetContext>> runs = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            // A dry run's DryRunHost never writes for reset, but gets its own empty scratch all the same.
            Path own = scratch == null ? null : scratch.resolve("node" + i);
            ResetContext ctx = new ResetContext(targets.get(i), resolver,
                    own == null ? h -> h : h -> new DryRunHost(h, own), services, options, etcd);
            runs.add(new PhaseRunner.Target<>(targets.get(i), ctx));
        }
        try {
            return new PhaseRunner(concurrency, events, interruption).run(Phase.selected(phases(), options.only()), runs,
                    SkipPhases.NONE);
        } finally {
            if (scratch != null) {
                new LocalHost().remove(scratch.toString());
            }
        }
    }

    private static Path scratchDir() {
        try {
            return Files.createTempDirectory("bootstrap-reset-dry-run");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a scratch directory for --dry-run: " + e.getMessage(), e);
        }
    }
}
