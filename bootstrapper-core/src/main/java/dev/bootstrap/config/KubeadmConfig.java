package dev.bootstrap.config;

import dev.bootstrap.net.DnsNames;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.net.IpAddresses;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The configuration of {@code init}: kubeadm's InitConfiguration and ClusterConfiguration, validated
 * and defaulted. Node-specific values (node name, advertise address) may be "" until
 * {@link #forNode} fills them from the node's facts.
 */
public record KubeadmConfig(InitConfiguration init, ClusterConfiguration cluster) {

    public static final String API_VERSION = "kubeadm.k8s.io/v1beta4";

    /** kubeadm's defaults with no node facts. */
    public static KubeadmConfig defaults() {
        return KubeadmConfigReader.fromFlags(InitFlags.NONE);
    }

    /**
     * What {@code config print init-defaults} prints: the defaults with kubeadm's placeholder node
     * values (advertise address 1.2.3.4, node name "node", token abcdef.0123456789abcdef).
     */
    public static KubeadmConfig initDefaults() {
        return KubeadmConfigReader.fromFlags(new InitFlags("1.2.3.4", null, null, null, null, null, "node", null,
                null, null, null, "abcdef.0123456789abcdef", null, false, null, List.of(), List.of(), List.of()));
    }

    /**
     * Fills what kubeadm takes from the node when the configuration leaves it out: the node name
     * (the host name, lower-cased; a kubeletExtraArgs hostname-override wins) and the advertise
     * address (the address of the default route).
     */
    public KubeadmConfig forNode(String osHostname, String defaultAddress) {
        NodeRegistration registration = init.nodeRegistration();
        String name = registration.kubeletExtraArgs().stream().filter(a -> a.name().equals("hostname-override"))
                .map(Arg::value).reduce((a, b) -> b).orElse(registration.name());
        if (name.isEmpty()) {
            name = osHostname.toLowerCase(java.util.Locale.ROOT);
            if (!DnsNames.isSubdomain(name)) {
                throw new ConfigException("the host name \"" + osHostname + "\" is not a valid node name; "
                        + "set --node-name or nodeRegistration.name");
            }
        }
        ApiEndpoint endpoint = init.localAPIEndpoint();
        if (endpoint.advertiseAddress().isEmpty()) {
            if (!IpAddresses.isIp(defaultAddress)) {
                throw new ConfigException("no advertise address: the node has no usable default-route address ("
                        + defaultAddress + "); set --apiserver-advertise-address or localAPIEndpoint.advertiseAddress");
            }
            endpoint = endpoint.withAdvertiseAddress(defaultAddress);
        }
        return new KubeadmConfig(init.withNode(registration.withName(name), endpoint), cluster);
    }

    /** The node name; "" before {@link #forNode}. */
    public String nodeName() {
        return init.nodeRegistration().name();
    }

    public String advertiseAddress() {
        return init.localAPIEndpoint().advertiseAddress();
    }

    /** This node's API server URL, "https://addr:port" (IPv6 bracketed). */
    public String localApiUrl() {
        return init.localAPIEndpoint().url();
    }

    /**
     * The cluster's API server URL: controlPlaneEndpoint (with the bind port added when it has none)
     * or, without one, this node's URL.
     */
    public String controlPlaneUrl() {
        String endpoint = cluster.controlPlaneEndpoint();
        if (endpoint.isEmpty()) {
            return localApiUrl();
        }
        return "https://" + HostPort.parse(endpoint).orElseThrow().withPortOr(init.localAPIEndpoint().bindPort());
    }

    public boolean featureEnabled(String gate) {
        return cluster.featureEnabled(gate);
    }

    public VersionTable.Release release() {
        return cluster.release();
    }

    /** Both documents as kubeadm v1beta4 YAML, InitConfiguration first. */
    public String toYaml() {
        return dump(init.toYaml()) + "---\n" + dump(cluster.toYaml());
    }

    /** The ClusterConfiguration document alone (what the kubeadm-config ConfigMap holds). */
    public String clusterConfigurationYaml() {
        return dump(cluster.toYaml());
    }

    /** A YAML document as kubeadm's writer lays it out: block style, 2-space indent, no line splitting. */
    static String dump(Object tree) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setSplitLines(false);
        return new Yaml(options).dump(tree);
    }
}
