package dev.bootstrap.upgrade;

import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * kubeadm's upgrade kubelet-config (cmd/kubeadm/app/phases/upgrade/postupgrade.go, WriteKubeletConfigFiles): the
 * node's /var/lib/kubelet/config.yaml made again from the cluster's KubeletConfiguration, the old one backed up
 * first. The kubelet is not restarted: that belongs with its new binary.
 */
final class KubeletConfigPhase implements Phase<UpgradeContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("kubelet-config", "Upgrade the kubelet configuration for this node");
    private static final int MODE = 0644;

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    /** The target release's cluster-wide KubeletConfiguration, as init renders it for kubelet-config. */
    static String clusterKubeletConfig(UpgradeContext ctx) {
        return new KubeletFiles(ctx.options().templates(), ctx.config())
                .clusterConfig(ctx.node().stat(KubeletFiles.RESOLVED_RESOLV_CONF).isPresent()).text();
    }

    @Override
    public Outcome run(UpgradeContext ctx) {
        // apply uploads the target's configuration in this run (a dry run does not): render it; node reads it.
        String cluster = ctx.options().target().isPresent() ? clusterKubeletConfig(ctx)
                : NodeUpgradeConfig.kubeletConfig(ctx.client());
        byte[] next = new KubeletFiles(ctx.options().templates(), ctx.config()).joiningNodeConfig(cluster,
                () -> ctx.node().stat(KubeletFiles.RESOLVED_RESOLV_CONF).isPresent()).getBytes(StandardCharsets.UTF_8);
        Optional<byte[]> current = ctx.node().readFile(NodeLayout.KUBELET_CONFIG);
        if (current.isPresent() && Arrays.equals(current.get(), next)) {
            return Outcome.unchanged(NodeLayout.KUBELET_CONFIG + " already holds the cluster's kubelet configuration");
        }
        String backup = ctx.backups().kubeletConfig() + "/config.yaml";
        current.ifPresent(c -> ctx.files().writeFile(backup, c, MODE));
        ctx.files().writeFile(NodeLayout.KUBELET_CONFIG, next, MODE);
        return Outcome.changed(current.isPresent() ? "Backed up kubelet config file to " + backup : "no earlier "
                + NodeLayout.KUBELET_CONFIG + " to back up", "Wrote the kubelet configuration to "
                + NodeLayout.KUBELET_CONFIG, "The kubelet is not restarted: restart it once its package is upgraded "
                + "(systemctl daemon-reload && systemctl restart kubelet)");
    }
}
