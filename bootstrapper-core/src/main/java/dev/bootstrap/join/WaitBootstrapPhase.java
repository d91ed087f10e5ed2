package dev.bootstrap.join;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.NodeLayout;
import java.time.Duration;

/**
 * Waits for the kubelet's TLS bootstrap (docs/kubeadm-compat.md#waiting-for-the-control-plane): kubelet.conf appears
 * and is valid for the cluster CA; then reports whether the Node registered and removes bootstrap-kubelet.conf, as
 * kubeadm does. A timeout names the host and what to look at.
 */
public final class WaitBootstrapPhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("kubelet-wait-bootstrap", "Wait for the kubelet's TLS bootstrap");

    /** The longest one look on the node lasts (a command's timeout stays short). */
    private static final Duration ROUND = Duration.ofSeconds(10);
    /** How long a kubelet.conf that is there but not valid yet may take to be complete. */
    private static final Duration SETTLE = Duration.ofSeconds(5);
    /** The exit status of a look that ended without the file. */
    private static final int NOT_YET = 3;

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) throws InterruptedException {
        JoinSettings settings = context.settings();
        if (settings.dryRun()) {
            return Outcome.skipped("dry run: would wait up to " + settings.tlsBootstrapTimeout().toSeconds()
                    + "s for " + NodeLayout.KUBELET_CONF);
        }
        Host host = context.files();
        boolean bootstrapLeft = host.stat(NodeLayout.BOOTSTRAP_KUBELET_CONF).isPresent();
        if (context.joinedBefore() && !bootstrapLeft) {
            return Outcome.unchanged("already joined: the kubelet's TLS bootstrap finished earlier");
        }
        long deadline = System.nanoTime() + settings.tlsBootstrapTimeout().toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timeout(context);
            }
            if (appeared(host, NodeLayout.KUBELET_CONF, settings.pollInterval(),
                    Duration.ofNanos(Math.min(left, ROUND.toNanos())))) {
                break;
            }
        }
        complete(host, context.cluster().caPem(), settings.pollInterval());
        String nodeName = context.nodeName();
        String registered = context.cluster().client().node(nodeName).isPresent()
                ? "Node " + nodeName + " is registered"
                : "Node " + nodeName + " is not registered yet (the kubelet registers it after its TLS bootstrap)";
        host.remove(NodeLayout.BOOTSTRAP_KUBELET_CONF);
        return Outcome.changed("the kubelet finished its TLS bootstrap: " + NodeLayout.KUBELET_CONF + " is valid",
                registered, "removed " + NodeLayout.BOOTSTRAP_KUBELET_CONF);
    }

    /**
     * Whether the file appears within {@code within}: the looking happens on the node, every
     * {@code interval}, in one round trip, so the join goes on as soon as the kubelet wrote it.
     */
    private static boolean appeared(Host host, String path, Duration interval, Duration within) {
        long rounds = Math.max(1, within.toMillis() / Math.max(1, interval.toMillis()));
        String sleep = String.format(java.util.Locale.ROOT, "%.3f", interval.toMillis() / 1000.0);
        CommandResult r = host.run("i=0; while [ ! -e " + Shell.quote(host.shellPath(path)) + " ]; do [ $i -lt " + rounds
                + " ] || exit " + NOT_YET + "; sleep " + sleep + "; i=$((i + 1)); done", within.plus(ROUND));
        if (r.ok() || r.exitCode() == NOT_YET) {
            return r.ok();
        }
        // Anything else failed on the node (sudo, a missing tool): say so now, not at the timeout.
        throw new JoinException("[" + host.name() + "] cannot look for " + path + " (" + r.describeExit() + ")"
                + r.stderrTail());
    }

    /**
     * Checks kubelet.conf once the kubelet has written all of it: the kubelet writes it in place, so the
     * file can be there and still empty or half-written for a moment. A file that stays invalid is the error.
     */
    static void complete(Host host, byte[] caPem, Duration interval) throws InterruptedException {
        long settle = System.nanoTime() + SETTLE.toNanos();
        while (true) {
            try {
                JoinedNode.joined(host, caPem);
                return;
            } catch (JoinException e) {
                if (System.nanoTime() > settle) {
                    throw e;
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }

    private static JoinException timeout(JoinContext context) {
        Host host = context.files();
        boolean active = context.services().isActive(host, JoinKubeletStartPhase.KUBELET_SERVICE);
        Duration waited = context.settings().tlsBootstrapTimeout();
        return new JoinException("[" + host.name() + "] timed out after " + waited.toSeconds() + "s waiting for the "
                + "kubelet's TLS bootstrap: " + NodeLayout.KUBELET_CONF + " did not appear; the kubelet service is "
                + (active ? "running" : "NOT running") + " (" + context.services().kind() + "). Look at the kubelet's "
                + "log on " + host.name() + " (journalctl -u kubelet), check that " + host.name() + " reaches "
                + context.cluster().server() + " and that the bootstrap token is still valid");
    }
}
