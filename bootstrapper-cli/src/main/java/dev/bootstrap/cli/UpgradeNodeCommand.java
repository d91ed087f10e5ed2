package dev.bootstrap.cli;

import dev.bootstrap.config.UpgradeConfiguration;
import dev.bootstrap.upgrade.SkewPolicy;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code bootstrap upgrade node}: kubeadm upgrade node on the other control planes and on workers. */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = "Upgrade this node to the version the cluster's kubeadm-config holds (after 'upgrade apply' "
                + "on the first control plane), as kubeadm upgrade node: on a control plane its etcd and static Pods "
                + "as apply does; on every node the kubelet's config.yaml. The kubelet binary is the user's: upgrade "
                + "its package and restart it afterwards.")
public final class UpgradeNodeCommand implements Callable<Integer> {

    private final Set<String> only;

    public UpgradeNodeCommand() {
        this(Set.of());
    }

    /** {@code upgrade node phase NAME}: only these phases. */
    UpgradeNodeCommand(Set<String> only) {
        this.only = only;
    }

    @Mixin
    UpgradeSettings settings;

    @Override
    public Integer call() {
        UpgradeConfiguration file = settings.file();
        UpgradeConfiguration.Node node = file.node();
        UpgradeSettings.Section section = new UpgradeSettings.Section(node.dryRun(), node.etcdUpgrade(),
                node.certificateRenewal(), node.ignorePreflightErrors(), node.skipPhases(), node.patchesDirectory());
        return settings.execute(only, Optional.empty(), section, false, new SkewPolicy.Allow(false, false), file.timeouts());
    }
}
