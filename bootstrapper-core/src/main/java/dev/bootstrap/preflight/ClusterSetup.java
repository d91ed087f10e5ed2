package dev.bootstrap.preflight;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.KubeadmConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What kubeadm's control-plane checks take from the configuration: which API server port must be
 * free, whether etcd is stacked (its ports and data directory) or external (its version and client
 * files), and which cluster CIDRs must bypass a proxy.
 *
 * @param bindPort      localAPIEndpoint.bindPort
 * @param etcd          etcd.local or etcd.external (exactly one is set)
 * @param serviceSubnet networking.serviceSubnet (comma-separated when dual-stack)
 * @param podSubnet     networking.podSubnet, "" when not set
 */
public record ClusterSetup(int bindPort, ClusterConfiguration.Etcd etcd, String serviceSubnet, String podSubnet) {

    private static final ClusterSetup DEFAULTS = of(KubeadmConfig.defaults());

    /** kubeadm's defaults: 6443, stacked etcd in /var/lib/etcd, services in 10.96.0.0/12. */
    public static ClusterSetup defaults() {
        return DEFAULTS;
    }

    public static ClusterSetup of(KubeadmConfig config) {
        return new ClusterSetup(config.init().localAPIEndpoint().bindPort(), config.cluster().etcd(),
                config.cluster().networking().serviceSubnet(), config.cluster().networking().podSubnet());
    }

    /** The stacked etcd's data directory; empty with an external etcd. */
    public Optional<String> etcdDataDir() {
        return Optional.ofNullable(etcd.local()).map(ClusterConfiguration.LocalEtcd::dataDir);
    }

    public Optional<ClusterConfiguration.ExternalEtcd> externalEtcd() {
        return Optional.ofNullable(etcd.external());
    }

    /** The configured external etcd client files (caFile, certFile, keyFile; the ones set). */
    public List<String> externalEtcdFiles() {
        return externalEtcd().map(e -> Arrays.asList(e.caFile(), e.certFile(), e.keyFile()).stream()
                .filter(f -> !f.isEmpty()).toList()).orElse(List.of());
    }

    /** Every service CIDR, then every pod CIDR (kubeadm's HTTPProxyCIDR order); an unset podSubnet adds none. */
    public List<String> cidrs() {
        List<String> cidrs = new ArrayList<>();
        for (String subnets : List.of(serviceSubnet, podSubnet)) {
            Arrays.stream(subnets.split(",")).map(String::strip).filter(c -> !c.isEmpty()).forEach(cidrs::add);
        }
        return cidrs;
    }
}
