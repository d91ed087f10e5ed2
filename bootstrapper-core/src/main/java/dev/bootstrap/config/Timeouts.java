package dev.bootstrap.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** v1beta4 {@code timeouts} (shared by InitConfiguration and JoinConfiguration). */
public record Timeouts(Duration controlPlaneComponentHealthCheck, Duration kubeletHealthCheck,
                       Duration kubernetesAPICall, Duration etcdAPICall, Duration tlsBootstrap, Duration discovery,
                       Duration upgradeManifests) {

    public static final Timeouts DEFAULT = new Timeouts(Duration.ofMinutes(4), Duration.ofMinutes(4),
            Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(5),
            Duration.ofMinutes(5));

    static Timeouts read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("controlPlaneComponentHealthCheck", "kubeletHealthCheck",
                "kubernetesAPICall", "etcdAPICall", "tlsBootstrap", "discovery", "upgradeManifests");
        return new Timeouts(
                f.get("controlPlaneComponentHealthCheck", ConfigNode::duration, DEFAULT.controlPlaneComponentHealthCheck),
                f.get("kubeletHealthCheck", ConfigNode::duration, DEFAULT.kubeletHealthCheck),
                f.get("kubernetesAPICall", ConfigNode::duration, DEFAULT.kubernetesAPICall),
                f.get("etcdAPICall", ConfigNode::duration, DEFAULT.etcdAPICall),
                f.get("tlsBootstrap", ConfigNode::duration, DEFAULT.tlsBootstrap),
                f.get("discovery", ConfigNode::duration, DEFAULT.discovery),
                f.get("upgradeManifests", ConfigNode::duration, DEFAULT.upgradeManifests));
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("controlPlaneComponentHealthCheck", GoDuration.format(controlPlaneComponentHealthCheck));
        m.put("discovery", GoDuration.format(discovery));
        m.put("etcdAPICall", GoDuration.format(etcdAPICall));
        m.put("kubeletHealthCheck", GoDuration.format(kubeletHealthCheck));
        m.put("kubernetesAPICall", GoDuration.format(kubernetesAPICall));
        m.put("tlsBootstrap", GoDuration.format(tlsBootstrap));
        m.put("upgradeManifests", GoDuration.format(upgradeManifests));
        return m;
    }
}
