package dev.bootstrap.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads kubeadm's configuration files (multi-document YAML) through snakeyaml's node API, so every
 * problem is reported with file, line and field path. Nothing is constructed from tags. v1beta4 is
 * read as it is; v1beta3 documents are converted to v1beta4 first ({@link V1beta3Conversion}) and
 * admitted by the target version as kubeadm of that version admits them.
 */
public final class KubeadmConfigReader {

    static final String V1BETA3 = "kubeadm.k8s.io/v1beta3";
    private static final String GROUP = "kubeadm.k8s.io/";
    private static final List<String> COMPONENT_CONFIG_KINDS = List.of("KubeletConfiguration",
            "KubeProxyConfiguration");
    private static final List<String> INIT_KINDS = List.of(InitConfiguration.KIND, ClusterConfiguration.KIND);
    private static final List<String> JOIN_KINDS = List.of(JoinConfiguration.KIND);
    private static final List<String> UPGRADE_KINDS = List.of(UpgradeConfiguration.KIND);
    /** What {@code config migrate} converts; v1beta3 has no UpgradeConfiguration. */
    private static final List<String> MIGRATE_KINDS = List.of(InitConfiguration.KIND, ClusterConfiguration.KIND,
            JoinConfiguration.KIND);
    /** Every kind bootstrap reads: {@code config validate} takes them all, any other is an unknown API. */
    private static final List<String> ALL_KINDS = List.of(InitConfiguration.KIND, ClusterConfiguration.KIND,
            JoinConfiguration.KIND, UpgradeConfiguration.KIND);

    private KubeadmConfigReader() {
    }

    /**
     * How v1beta3 documents are admitted: init, join and validate refuse them for a target where
     * kubeadm no longer reads them and warn otherwise; migrate reads them whatever the target.
     */
    private record Admission(boolean byVersion, Consumer<String> warnings) {
        static final Admission MIGRATE = new Admission(false, w -> { });
    }

    /** One document: its kind, its apiVersion node (for errors) and its body. */
    private record Document(String kind, ConfigNode apiVersion, MappingNode body) {

        boolean v1beta3() {
            return apiVersion != null && apiVersion.string().equals(V1BETA3);
        }
    }

    /**
     * Reads an init configuration file and overlays the flags; each warning (a deprecated API) goes
     * to {@code warnings}.
     */
    public static KubeadmConfig readInit(Path file, InitFlags flags, Consumer<String> warnings) {
        return read(name(file), fileDocuments(file, INIT_KINDS), flags, new Admission(true, warnings)).init()
                .orElseThrow();
    }

    /** The configuration from flags and kubeadm's defaults only (no --config). */
    public static KubeadmConfig fromFlags(InitFlags flags) {
        return readInit("(no file)", "", flags);
    }

    /**
     * Reads InitConfiguration and/or ClusterConfiguration documents from {@code text} (named
     * {@code source} in errors), overlays the flags and applies kubeadm's defaults. For text that is
     * no user's file (the cluster's kubeadm-config ConfigMap is v1beta4): warnings are dropped.
     */
    public static KubeadmConfig readInit(String source, String text, InitFlags flags) {
        return readInit(source, text, flags, warning -> { });
    }

    /** {@link #readInit(String, String, InitFlags)}, with each warning passed to {@code warnings}. */
    public static KubeadmConfig readInit(String source, String text, InitFlags flags, Consumer<String> warnings) {
        return read(source, documents(source, text, INIT_KINDS), flags, new Admission(true, warnings)).init()
                .orElseThrow();
    }

    /** Reads a JoinConfiguration file; each warning (a deprecated API) goes to {@code warnings}. */
    public static JoinConfiguration readJoin(Path file, Consumer<String> warnings) {
        return read(name(file), fileDocuments(file, JOIN_KINDS), InitFlags.NONE, new Admission(true, warnings)).join()
                .orElseThrow();
    }

    /**
     * Reads a file for {@code upgrade --config}: one v1beta4 UpgradeConfiguration document. Any other kubeadm kind
     * is an error, as an upgrade does not reconfigure the cluster.
     */
    public static UpgradeConfiguration readUpgrade(Path file) {
        // documents() refuses v1beta3 here, so there is no deprecation warning to pass on
        return read(name(file), fileDocuments(file, UPGRADE_KINDS), InitFlags.NONE, new Admission(true, w -> { }))
                .upgrade().orElseThrow();
    }

    /**
     * Reads a file as init, join and upgrade would (InitConfiguration/ClusterConfiguration, JoinConfiguration
     * and/or UpgradeConfiguration documents), for {@code config validate}.
     */
    public static KubeadmConfigFile readAny(Path file, Consumer<String> warnings) {
        return read(name(file), fileDocuments(file, ALL_KINDS), InitFlags.NONE, new Admission(true, warnings));
    }

    /**
     * Reads a file for {@code config migrate}: v1beta3 is read whatever the target version (migrating
     * is the way out of the refusal) and without the deprecation warning, as kubeadm's migrate does.
     */
    public static KubeadmConfigFile readForMigration(Path file) {
        return read(name(file), fileDocuments(file, MIGRATE_KINDS), InitFlags.NONE, Admission.MIGRATE);
    }

    private static KubeadmConfigFile read(String source, Map<String, Document> docs, InitFlags flags,
                                          Admission admission) {
        boolean join = docs.containsKey(JoinConfiguration.KIND);
        boolean upgrade = docs.containsKey(UpgradeConfiguration.KIND);
        // without documents this is init from flags and defaults
        boolean init = (!join && !upgrade) || docs.containsKey(InitConfiguration.KIND)
                || docs.containsKey(ClusterConfiguration.KIND);
        if (init) {
            // a missing one is made from an empty v1beta4 document (cmd/kubeadm/app/util/config/initconfiguration.go)
            INIT_KINDS.forEach(kind -> docs.putIfAbsent(kind, new Document(kind, null, MappingNodes.emptyMapping())));
            // the fields the flags set have the same paths in v1beta3 and v1beta4
            flags.overlay(docs.get(InitConfiguration.KIND).body(), docs.get(ClusterConfiguration.KIND).body());
        }
        admitV1beta3(source, docs, admission);
        convertV1beta3(source, docs);
        return new KubeadmConfigFile(
                init ? new KubeadmConfig(InitConfiguration.read(node(source, docs, InitConfiguration.KIND)),
                        ClusterConfiguration.read(node(source, docs, ClusterConfiguration.KIND))) : null,
                join ? JoinConfiguration.read(node(source, docs, JoinConfiguration.KIND)) : null,
                upgrade ? UpgradeConfiguration.read(node(source, docs, UpgradeConfiguration.KIND)) : null);
    }

    /**
     * kubeadm's validateSupportedVersion (cmd/kubeadm/app/util/config/common.go): a v1beta3 document is
     * refused when the target version no longer reads it, else read with the deprecation warning, once
     * per document in kubeadm's order (by kind).
     */
    private static void admitV1beta3(String source, Map<String, Document> docs, Admission admission) {
        if (!admission.byVersion() || docs.values().stream().noneMatch(Document::v1beta3)) {
            return;
        }
        KubernetesVersion target = targetVersion(source, docs.get(ClusterConfiguration.KIND));
        for (Document doc : new TreeMap<>(docs).values()) {
            if (!doc.v1beta3()) {
                continue;
            }
            if (VersionTable.of(target).has(VersionTable.Rule.V1BETA3_REMOVED)) {
                throw doc.apiVersion().error("\"" + V1BETA3 + "\" was removed in Kubernetes " + v1beta3RemovedIn()
                        + " (the target is " + target + "); convert the file to " + KubeadmConfig.API_VERSION
                        + " with 'bootstrap config migrate --old-config " + source + " --new-config NEW'");
            }
            admission.warnings().accept("your configuration file uses a deprecated API spec: \"" + V1BETA3
                    + "\" (kind: \"" + doc.kind() + "\"). Please use 'bootstrap config migrate --old-config "
                    + "old-config-file --new-config new-config-file', which will write the new, similar spec "
                    + "using a newer API version.");
        }
    }

    /** The ClusterConfiguration's kubernetesVersion (the --kubernetes-version flag is laid over it), else the default. */
    private static KubernetesVersion targetVersion(String source, Document cluster) {
        Node version = cluster == null ? null : MappingNodes.get(cluster.body(), "kubernetesVersion");
        ConfigNode node = version == null ? null
                : new ConfigNode(version, ClusterConfiguration.KIND + ".kubernetesVersion", source);
        return node == null || node.isNull() ? KubernetesVersion.DEFAULT : ClusterConfiguration.version(node);
    }

    /** The first minor of the version table without v1beta3, e.g. "v1.37". */
    private static String v1beta3RemovedIn() {
        return VersionTable.minors().stream().filter(m -> m.rules().containsKey(VersionTable.Rule.V1BETA3_REMOVED))
                .findFirst().orElseThrow().name();
    }

    /** In kind order, so the ClusterConfiguration comes first: its timeoutForControlPlane moves to the others. */
    private static void convertV1beta3(String source, Map<String, Document> docs) {
        Node timeout = null;
        for (Document doc : new TreeMap<>(docs).values()) {
            if (doc.v1beta3()) {
                ConfigNode node = node(source, docs, doc.kind());
                switch (doc.kind()) {
                    case ClusterConfiguration.KIND -> timeout = V1beta3Conversion.cluster(node);
                    case InitConfiguration.KIND -> V1beta3Conversion.init(node);
                    default -> V1beta3Conversion.join(node);
                }
            }
            // kubeadm's conversion moves it into InitConfiguration and JoinConfiguration only
            if (timeout != null && (doc.kind().equals(InitConfiguration.KIND) || doc.kind().equals(JoinConfiguration.KIND))) {
                V1beta3Conversion.applyControlPlaneTimeout(doc.body(), timeout);
            }
        }
    }

    private static ConfigNode node(String source, Map<String, Document> docs, String kind) {
        return new ConfigNode(docs.get(kind).body(), kind, source);
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    /** The documents of a user's file: one without any is an error, not kubeadm's defaults. */
    private static Map<String, Document> fileDocuments(Path file, List<String> kinds) {
        String source = name(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        Map<String, Document> docs = documents(source, text, kinds);
        if (docs.isEmpty()) {
            throw new ConfigException(source + ": no configuration document (expected kind " + String.join(", ", kinds)
                    + " with apiVersion " + KubeadmConfig.API_VERSION + ")");
        }
        return docs;
    }

    /**
     * The documents by kind. Kinds outside kubeadm's are collected into one "unknown configuration
     * APIs" error, as kubeadm's validateKnownGVKs does; a kind the caller does not read, an apiVersion
     * other than v1beta4 and v1beta3, or a repeated kind is an error.
     */
    private static Map<String, Document> documents(String source, String text, List<String> kinds) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setAllowDuplicateKeys(true); // reported by ConfigNode with the field path instead
        Map<String, Document> docs = new LinkedHashMap<>();
        List<String> unknown = new ArrayList<>();
        ConfigNode firstUnknown = null;
        try {
            for (Node node : new Yaml(options).composeAll(new StringReader(text))) {
                if (node == null || (node instanceof ScalarNode s && s.getTag().equals(Tag.NULL))) {
                    continue;
                }
                ConfigNode doc = new ConfigNode(node, "(document)", source);
                ConfigNode.Fields head = headerFields(doc);
                ConfigNode kindNode = head.get("kind").orElseThrow(() -> doc.error("\"kind\" is required"));
                String kind = kindNode.string();
                ConfigNode apiVersion = head.get("apiVersion").orElseThrow(() -> doc.error("\"apiVersion\" is required"));
                if (COMPONENT_CONFIG_KINDS.contains(kind)) {
                    throw kindNode.error(kind + " documents are not supported yet; bootstrap writes kubeadm's "
                            + "defaults for it (remove the document, or use a template override)");
                }
                if (!ALL_KINDS.contains(kind) || !apiVersion.string().startsWith(GROUP)) {
                    unknown.add(apiVersion.string() + " " + kind);
                    firstUnknown = firstUnknown == null ? kindNode : firstUnknown;
                    continue;
                }
                if (!kinds.contains(kind)) {
                    throw kindNode.error("unexpected kind \"" + kind + "\" (expected " + String.join(" or ", kinds) + ")"
                            + (kinds.equals(UPGRADE_KINDS) ? ": reconfiguring a cluster through upgrade --config is "
                            + "not supported" : ""));
                }
                ConfigNode version = ConfigNode.of(apiVersion.node(), kind + ".apiVersion", source);
                if (!KubeadmConfig.API_VERSION.equals(version.string()) && !V1BETA3.equals(version.string())) {
                    throw version.error("\"" + version.string() + "\" is not supported; use "
                            + KubeadmConfig.API_VERSION + " (older files: kubeadm config migrate)");
                }
                if (UPGRADE_KINDS.contains(kind) && V1BETA3.equals(version.string())) {
                    throw version.error("\"" + V1BETA3 + "\" has no " + kind + " (it is new in "
                            + KubeadmConfig.API_VERSION + "); use apiVersion: " + KubeadmConfig.API_VERSION);
                }
                if (docs.containsKey(kind)) {
                    throw kindNode.error("a second " + kind + " document (give each kind once)");
                }
                docs.put(kind, new Document(kind, version, (MappingNode) node));
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(source + ":" + line + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        if (firstUnknown != null) {
            throw firstUnknown.error("unknown configuration APIs: " + String.join(", ", unknown) + " (bootstrap reads "
                    + String.join(", ", kinds) + " of " + KubeadmConfig.API_VERSION + " or " + V1BETA3 + ")");
        }
        return docs;
    }

    /** apiVersion and kind, read without the unknown-field check (the kind's reader does that). */
    private static ConfigNode.Fields headerFields(ConfigNode doc) {
        if (!(doc.node() instanceof MappingNode mapping)) {
            throw doc.error("a configuration document must be a mapping with apiVersion and kind");
        }
        Map<String, ConfigNode> values = new LinkedHashMap<>();
        mapping.getValue().forEach(t -> {
            if (t.getKeyNode() instanceof ScalarNode k && (k.getValue().equals("kind") || k.getValue().equals("apiVersion"))) {
                values.put(k.getValue(), new ConfigNode(t.getValueNode(), k.getValue(), doc.fileName()));
            }
        });
        return new ConfigNode.Fields(values);
    }
}
