package dev.bootstrap.config;

import dev.bootstrap.net.HostPort;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.NodeLayout;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kubeadm's {@code kubeadm.k8s.io/v1beta4 JoinConfiguration}, with kubeadm's defaults applied.
 * {@code controlPlane} is null for a worker.
 */
public record JoinConfiguration(boolean dryRun, NodeRegistration nodeRegistration, String caCertPath,
                                Discovery discovery, ControlPlane controlPlane, SkipPhases skipPhases,
                                String patchesDirectory, Timeouts timeouts) {

    public static final String KIND = "JoinConfiguration";

    /** {@code discovery}: token-based (bootstrapToken) or file-based (file). */
    public record Discovery(String token, String apiServerEndpoint, List<String> caCertHashes,
                            boolean unsafeSkipCAVerification, String kubeConfigPath, String tlsBootstrapToken) {

        Map<String, Object> toYaml() {
            Map<String, Object> m = new LinkedHashMap<>();
            if (kubeConfigPath.isEmpty()) {
                Map<String, Object> token = new LinkedHashMap<>();
                token.put("apiServerEndpoint", apiServerEndpoint);
                if (!caCertHashes.isEmpty()) {
                    token.put("caCertHashes", caCertHashes);
                }
                token.put("token", this.token);
                if (unsafeSkipCAVerification) {
                    token.put("unsafeSkipCAVerification", true);
                }
                m.put("bootstrapToken", token);
            } else {
                m.put("file", new LinkedHashMap<>(Map.of("kubeConfigPath", kubeConfigPath)));
            }
            ClusterConfiguration.putIfSet(m, "tlsBootstrapToken", tlsBootstrapToken);
            return m;
        }
    }

    public record ControlPlane(ApiEndpoint localAPIEndpoint, String certificateKey) {
    }

    static JoinConfiguration read(ConfigNode doc) {
        ConfigNode.Fields f = doc.fields("apiVersion", "kind", "dryRun", "nodeRegistration", "caCertPath",
                "discovery", "controlPlane", "skipPhases", "patches", "timeouts");
        ControlPlane controlPlane = f.get("controlPlane").map(n -> {
            ConfigNode.Fields c = n.fields("localAPIEndpoint", "certificateKey");
            return new ControlPlane(ApiEndpoint.read(c.get("localAPIEndpoint").orElse(null)),
                    c.get("certificateKey", InitConfiguration::certificateKey, ""));
        }).orElse(null);
        return new JoinConfiguration(f.bool("dryRun", false),
                NodeRegistration.read(f.get("nodeRegistration").orElse(null), defaultTaints(controlPlane != null)),
                f.get("caCertPath", ClusterConfiguration::absolutePath, NodeLayout.DEFAULT.caCert()),
                f.get("discovery").map(JoinConfiguration::discovery)
                        .orElseThrow(() -> doc.error("\"discovery\" is required")),
                controlPlane,
                InitConfiguration.skipPhases(f),
                f.get("patches", InitConfiguration::patchesDirectory, ""),
                f.get("timeouts", Timeouts::read, Timeouts.DEFAULT));
    }

    private static Discovery discovery(ConfigNode n) {
        ConfigNode.Fields f = n.fields("bootstrapToken", "file", "tlsBootstrapToken");
        String tls = f.get("tlsBootstrapToken", BootstrapTokenSpec::readToken, "");
        if (f.get("file").isPresent()) {
            String path = f.get("file").get().fields("kubeConfigPath").get("kubeConfigPath")
                    .map(ConfigNode::string).orElseThrow(() -> f.get("file").get().error("\"kubeConfigPath\" is required"));
            return new Discovery("", "", List.of(), false, path, tls);
        }
        ConfigNode bt = f.get("bootstrapToken").orElseThrow(() -> n.error("give bootstrapToken or file"));
        ConfigNode.Fields b = bt.fields("token", "apiServerEndpoint", "caCertHashes", "unsafeSkipCAVerification");
        String endpoint = b.get("apiServerEndpoint").map(e -> {
            if (HostPort.parse(e.string()).isEmpty()) {
                throw e.invalid("a valid host:port endpoint");
            }
            return e.string();
        }).orElseThrow(() -> bt.error("\"apiServerEndpoint\" is required"));
        List<String> hashes = b.list("caCertHashes", h -> {
            if (!isCaCertHash(h.string())) {
                throw h.invalid("a CA pin of the form sha256:<64 hex digits>");
            }
            return h.string();
        });
        boolean unsafe = b.bool("unsafeSkipCAVerification", false);
        if (hashes.isEmpty() && !unsafe) {
            throw bt.error("give caCertHashes, or set unsafeSkipCAVerification: true");
        }
        String token = b.get("token").map(BootstrapTokenSpec::readToken).orElseThrow(() -> bt.error("\"token\" is required"));
        return new Discovery(token, endpoint, hashes, unsafe, "", tls.isEmpty() ? token : tls);
    }

    /** nodeRegistration when the document has none, or when join's flags are given without --config. */
    public static NodeRegistration defaultRegistration(boolean controlPlane) {
        return NodeRegistration.read(null, defaultTaints(controlPlane));
    }

    // kubeadm taints a joining control plane like the first one and leaves workers untainted.
    private static List<Taint> defaultTaints(boolean controlPlane) {
        return controlPlane ? List.of(Taint.CONTROL_PLANE) : List.of();
    }

    /**
     * A CA pin as caCertHashes takes it: sha256: and 64 lower-case hex digits (docs/kubeadm-compat.md#cluster-info);
     * join's --discovery-token-ca-cert-hash is lower-cased first.
     */
    public static boolean isCaCertHash(String pin) {
        return pin.matches("sha256:[0-9a-f]{64}");
    }

    /** The document as kubeadm writes it: every field with its default, keys sorted after apiVersion and kind. */
    public String toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", KubeadmConfig.API_VERSION);
        m.put("kind", KIND);
        m.put("caCertPath", caCertPath);
        if (controlPlane != null) {
            Map<String, Object> cp = new LinkedHashMap<>();
            ClusterConfiguration.putIfSet(cp, "certificateKey", controlPlane.certificateKey());
            cp.put("localAPIEndpoint", controlPlane.localAPIEndpoint().toYaml());
            m.put("controlPlane", cp);
        }
        m.put("discovery", discovery.toYaml());
        if (dryRun) {
            m.put("dryRun", true);
        }
        InitConfiguration.putNodeFields(m, nodeRegistration, patchesDirectory, skipPhases, timeouts);
        return KubeadmConfig.dump(m);
    }

    @Override
    public String toString() {
        return "JoinConfiguration[controlPlane=" + (controlPlane != null) + ", endpoint="
                + discovery.apiServerEndpoint() + "]";
    }
}
