package dev.bootstrap.config;

import dev.bootstrap.net.HostPort;
import dev.bootstrap.net.IpAddresses;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code localAPIEndpoint}; advertiseAddress is "" until resolved from the node's default route. */
public record ApiEndpoint(String advertiseAddress, int bindPort) {

    static ApiEndpoint read(ConfigNode node) {
        ConfigNode.Fields f = node == null ? new ConfigNode.Fields(Map.of())
                : node.fields("advertiseAddress", "bindPort");
        String address = f.get("advertiseAddress", ConfigNode::ip, "");
        if (!address.isEmpty() && IpAddresses.parse(address).get().isAnyLocalAddress()) {
            throw f.get("advertiseAddress").get().error("\"" + address
                    + "\" cannot be advertised; give the node's own address");
        }
        return new ApiEndpoint(address, f.get("bindPort", ConfigNode::port, 6443));
    }

    public ApiEndpoint withAdvertiseAddress(String address) {
        return new ApiEndpoint(address, bindPort);
    }

    /** "https://addr:port", IPv6 bracketed. */
    public String url() {
        return "https://" + HostPort.join(advertiseAddress, bindPort);
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        ClusterConfiguration.putIfSet(m, "advertiseAddress", advertiseAddress);
        m.put("bindPort", bindPort);
        return m;
    }
}
