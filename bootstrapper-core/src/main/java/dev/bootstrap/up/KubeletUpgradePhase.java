package dev.bootstrap.up;

import dev.bootstrap.host.Shell;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.upgrade.NodeConditions;
import dev.bootstrap.upgrade.UpgradeException;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;

/**
 * The node's kubelet to the hop's version: {@code spec.upgrade.kubeletCommand} (with VERSION in its environment),
 * a restart of the kubelet, then its Node Ready and reporting the new version. kubeadm leaves the kubelet to the
 * user: without a command the node is named at the end of the hop, and the run stops there.
 */
final class KubeletUpgradePhase extends RollingPhase {

    static final PhaseSpec SPEC = PhaseSpec.of("kubelet-upgrade", "Upgrade and restart the kubelet");
    static final String SERVICE = "kubelet";
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(10);


    KubeletUpgradePhase(RollingRun rolling) {
        super(SPEC, rolling);
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        String name = node.upgrade().config().nodeName();
        String version = rolling.hop.toString();
        String running = kubeletVersion(rolling, name);
        if (version.equals(running)) {
            return Outcome.unchanged("the kubelet runs " + version);
        }
        String command = rolling.up.file.upgrade().kubeletCommand();
        if (command.isEmpty()) {
            rolling.kubeletBehind(name);
            return Outcome.unchanged("the kubelet runs " + running + ": upgrade its package to " + version
                    + " and restart it (no spec.upgrade.kubeletCommand)");
        }
        node.host().runChecked("VERSION=" + Shell.quote(version) + " sh -c " + Shell.quote(command), COMMAND_TIMEOUT);
        rolling.up.services.restart(node.host(), SERVICE);
        awaitReady(name, version);
        return Outcome.changed("ran spec.upgrade.kubeletCommand with VERSION=" + version, "restarted the kubelet",
                "Node " + name + " is Ready with kubelet " + version);
    }

    /** The kubelet version the Node reports, "" when it reports none. */
    static String kubeletVersion(RollingRun rolling, String name) {
        return kubeletVersion(rolling.admin().nodes().withName(name).get());
    }

    private static String kubeletVersion(Node n) {
        return n == null || n.getStatus() == null || n.getStatus().getNodeInfo() == null
                || n.getStatus().getNodeInfo().getKubeletVersion() == null ? "" : n.getStatus().getNodeInfo()
                .getKubeletVersion();
    }

    private void awaitReady(String name, String version) throws InterruptedException {
        Duration timeout = rolling.up.options.waitTimeout();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "not read yet";
        while (true) {
            try {
                Node n = rolling.admin().nodes().withName(name).get();
                String running = kubeletVersion(n);
                boolean ready = n != null && NodeConditions.ready(n);
                if (ready && version.equals(running)) {
                    return;
                }
                last = "kubelet " + (running.isEmpty() ? "(no version)" : running) + (ready ? ", Ready" : ", not Ready");
            } catch (KubernetesClientException e) {
                last = "the API server did not answer (" + e.getMessage() + ")";
            }
            if (System.nanoTime() > deadline) {
                throw new UpgradeException("Node " + name + " did not report a Ready kubelet " + version + " within "
                        + timeout.toSeconds() + "s (last: " + last + "); check spec.upgrade.kubeletCommand's effect and "
                        + "the kubelet's log on the node (journalctl -u kubelet)");
            }
            Thread.sleep(1000);
        }
    }
}
