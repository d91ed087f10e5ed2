package dev.bootstrap.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubeadm documents of one file, read and defaulted: the init configuration (InitConfiguration
 * with ClusterConfiguration; either one alone gives both), a JoinConfiguration and/or an UpgradeConfiguration.
 */
public record KubeadmConfigFile(KubeadmConfig initConfig, JoinConfiguration joinConfig,
                                UpgradeConfiguration upgradeConfig) {

    public Optional<KubeadmConfig> init() {
        return Optional.ofNullable(initConfig);
    }

    public Optional<JoinConfiguration> join() {
        return Optional.ofNullable(joinConfig);
    }

    public Optional<UpgradeConfiguration> upgrade() {
        return Optional.ofNullable(upgradeConfig);
    }

    /**
     * The documents as v1beta4 YAML in kubeadm's order (Init, Cluster, Join), joined by "---\n" as
     * kubeadm's {@code config migrate} joins them (cmd/kubeadm/app/util/config/common.go MigrateOldConfig).
     * An UpgradeConfiguration is not written: migrate does not read one (v1beta3 has none).
     */
    public String toYaml() {
        List<String> docs = new ArrayList<>();
        init().ifPresent(c -> docs.add(c.toYaml()));
        join().ifPresent(j -> docs.add(j.toYaml()));
        return String.join("---\n", docs);
    }
}
