package dev.bootstrap.config;

import dev.bootstrap.phases.SkipPhases;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** kubeadm's {@code kubeadm.k8s.io/v1beta4 InitConfiguration}, with kubeadm's defaults applied. */
public record InitConfiguration(List<BootstrapTokenSpec> bootstrapTokens, boolean dryRun,
                                NodeRegistration nodeRegistration, ApiEndpoint localAPIEndpoint,
                                String certificateKey, SkipPhases skipPhases, String patchesDirectory,
                                Timeouts timeouts) {

    public static final String KIND = "InitConfiguration";

    static InitConfiguration read(ConfigNode doc) {
        ConfigNode.Fields f = doc.fields("apiVersion", "kind",
                "bootstrapTokens", "dryRun", "nodeRegistration", "localAPIEndpoint", "certificateKey", "skipPhases",
                "patches", "timeouts");
        return new InitConfiguration(
                f.get("bootstrapTokens").map(n -> n.list(BootstrapTokenSpec::read))
                        .orElse(List.of(BootstrapTokenSpec.DEFAULT)),
                f.bool("dryRun", false),
                NodeRegistration.read(f.get("nodeRegistration").orElse(null), List.of(Taint.CONTROL_PLANE)),
                ApiEndpoint.read(f.get("localAPIEndpoint").orElse(null)),
                f.get("certificateKey", InitConfiguration::certificateKey, ""),
                skipPhases(f),
                f.get("patches", InitConfiguration::patchesDirectory, ""),
                f.get("timeouts", Timeouts::read, Timeouts.DEFAULT));
    }

    static String certificateKey(ConfigNode n) {
        if (!n.string().matches("[0-9a-fA-F]{64}")) {
            throw n.error("the certificate key must be 64 hex digits (a 32-byte AES key; value not shown: it is a secret)");
        }
        return n.string();
    }

    /**
     * The names as written, each with where it was; the workflow that runs them checks them against its phases
     * (SkipPhases.checkedAgainst), as kubeadm's runner does.
     */
    static SkipPhases skipPhases(ConfigNode.Fields f) {
        return SkipPhases.of(f.list("skipPhases", n -> {
            if (!n.string().matches("[a-z][a-z0-9-]*(/[a-z][a-z0-9-]*)?")) {
                throw n.invalid("a phase name (PHASE or PHASE/SUB-PHASE)");
            }
            return new SkipPhases.Entry(n.string(), n.where());
        }));
    }

    static String patchesDirectory(ConfigNode n) {
        return n.fields("directory").get("directory", ClusterConfiguration::absolutePath, "");
    }

    public InitConfiguration withNode(NodeRegistration registration, ApiEndpoint endpoint) {
        return new InitConfiguration(bootstrapTokens, dryRun, registration, endpoint, certificateKey, skipPhases,
                patchesDirectory, timeouts);
    }

    /** The node options of an upgrade (its --patches and UpgradeConfiguration timeouts) on this configuration. */
    public InitConfiguration withUpgradeOptions(String patches, Timeouts upgradeTimeouts) {
        return new InitConfiguration(bootstrapTokens, dryRun, nodeRegistration, localAPIEndpoint, certificateKey,
                skipPhases, patches, upgradeTimeouts);
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", KubeadmConfig.API_VERSION);
        m.put("kind", KIND);
        m.put("bootstrapTokens", bootstrapTokens.stream().map(BootstrapTokenSpec::toYaml).toList());
        ClusterConfiguration.putIfSet(m, "certificateKey", certificateKey);
        if (dryRun) {
            m.put("dryRun", true);
        }
        m.put("localAPIEndpoint", localAPIEndpoint.toYaml());
        putNodeFields(m, nodeRegistration, patchesDirectory, skipPhases, timeouts);
        return m;
    }

    /** The fields InitConfiguration and JoinConfiguration end with, in kubeadm's (sorted) key order. */
    static void putNodeFields(Map<String, Object> m, NodeRegistration nodeRegistration, String patchesDirectory,
                              SkipPhases skipPhases, Timeouts timeouts) {
        m.put("nodeRegistration", nodeRegistration.toYaml());
        if (!patchesDirectory.isEmpty()) {
            m.put("patches", new LinkedHashMap<>(Map.of("directory", patchesDirectory)));
        }
        if (!skipPhases.isEmpty()) {
            m.put("skipPhases", skipPhases.values());
        }
        m.put("timeouts", timeouts.toYaml());
    }
}
