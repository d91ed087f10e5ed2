package dev.bootstrap.preflight;

import dev.bootstrap.config.Arg;
import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.manifests.ComponentFlags;
import dev.bootstrap.net.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What kubeadm's control-plane checks take from the configuration: which API server port must be
 * free, whether etcd is stacked (its ports and data directory) or external (its version and client
 * files), and which cluster CIDRs must bypass a proxy.
 *
 * @param bindPort      localAPIEndpoint.bindPort
 * @param etcd          etcd.local or etcd.external (exactly one is set)
 * @param serviceSubnet networking.serviceSubnet (comma-separated when dual-stack)
 * @param podSubnet     networking.podSubnet, "" when not set
 * @param bindAddresses the address each control-plane port is checked on, where the release binds it
 *                      ({@link VersionTable.Rule#PORT_CHECKS_ON_CONFIGURED_ADDRESS}); a port without one is
 *                      checked on all addresses
 */
public record ClusterSetup(int bindPort, ClusterConfiguration.Etcd etcd, String serviceSubnet, String podSubnet,
                           Map<Integer, InetAddress> bindAddresses) {

    private static final ClusterSetup DEFAULTS = of(KubeadmConfig.defaults());

    /** kubeadm's defaults: 6443, stacked etcd in /var/lib/etcd, services in 10.96.0.0/12. */
    public static ClusterSetup defaults() {
        return DEFAULTS;
    }

    public static ClusterSetup of(KubeadmConfig config) {
        int bindPort = config.init().localAPIEndpoint().bindPort();
        return new ClusterSetup(bindPort, config.cluster().etcd(), config.cluster().networking().serviceSubnet(),
                config.cluster().networking().podSubnet(), bindAddresses(config, bindPort));
    }

    /**
     * kubeadm 1.37's Port-* checks listen on the component's own address: --bind-address from extraArgs, else
     * the API server's and etcd's advertise address (unknown before the node's facts: then all addresses) and
     * 127.0.0.1 for controller-manager and scheduler.
     */
    private static Map<Integer, InetAddress> bindAddresses(KubeadmConfig config, int apiServerPort) {
        Map<Integer, InetAddress> addresses = new TreeMap<>();
        ClusterConfiguration cluster = config.cluster();
        if (!cluster.release().has(VersionTable.Rule.PORT_CHECKS_ON_CONFIGURED_ADDRESS)) {
            return addresses;
        }
        String advertise = config.advertiseAddress();
        put(addresses, apiServerPort, bindAddress(cluster.apiServer().component().extraArgs(), advertise));
        put(addresses, 10257, bindAddress(cluster.controllerManager().extraArgs(), "127.0.0.1"));
        put(addresses, 10259, bindAddress(cluster.scheduler().extraArgs(), "127.0.0.1"));
        if (cluster.localEtcd()) {
            put(addresses, 2379, advertise);
            put(addresses, 2380, advertise);
        }
        return addresses;
    }

    private static String bindAddress(List<Arg> extraArgs, String otherwise) {
        return ComponentFlags.extra(extraArgs, "bind-address").orElse(otherwise);
    }

    private static void put(Map<Integer, InetAddress> addresses, int port, String address) {
        IpAddresses.parse(address).ifPresent(ip -> addresses.put(port, ip));
    }

    /** Where the Port check of {@code port} binds; empty = all addresses. */
    public Optional<InetAddress> bindAddress(int port) {
        return Optional.ofNullable(bindAddresses.get(port));
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
