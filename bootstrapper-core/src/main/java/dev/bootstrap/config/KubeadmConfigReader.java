package dev.bootstrap.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads kubeadm's v1beta4 configuration files (multi-document YAML) through snakeyaml's node API,
 * so every problem is reported with file, line and field path. Nothing is constructed from tags.
 */
public final class KubeadmConfigReader {

    private static final List<String> COMPONENT_CONFIG_KINDS = List.of("KubeletConfiguration",
            "KubeProxyConfiguration");

    private KubeadmConfigReader() {
    }

    /** Reads an init configuration file and overlays the flags. */
    public static KubeadmConfig readInit(Path file, InitFlags flags) {
        return readInit(file.getFileName().toString(), read(file), flags);
    }

    /** The configuration from flags and kubeadm's defaults only (no --config). */
    public static KubeadmConfig fromFlags(InitFlags flags) {
        return readInit("(no file)", "", flags);
    }

    /**
     * Reads InitConfiguration and/or ClusterConfiguration documents from {@code text} (named
     * {@code source} in errors), overlays the flags and applies kubeadm's defaults.
     */
    public static KubeadmConfig readInit(String source, String text, InitFlags flags) {
        Map<String, ConfigNode> docs = documents(source, text, List.of(InitConfiguration.KIND,
                ClusterConfiguration.KIND));
        MappingNode init = docs.containsKey(InitConfiguration.KIND)
                ? (MappingNode) docs.get(InitConfiguration.KIND).node() : FlagOverlay.emptyMapping();
        MappingNode cluster = docs.containsKey(ClusterConfiguration.KIND)
                ? (MappingNode) docs.get(ClusterConfiguration.KIND).node() : FlagOverlay.emptyMapping();
        FlagOverlay.apply(flags, init, cluster);
        return new KubeadmConfig(
                InitConfiguration.read(new ConfigNode(init, InitConfiguration.KIND, source)),
                ClusterConfiguration.read(new ConfigNode(cluster, ClusterConfiguration.KIND, source)));
    }

    /** Reads a JoinConfiguration file. */
    public static JoinConfiguration readJoin(Path file) {
        String source = file.getFileName().toString();
        Map<String, ConfigNode> docs = documents(source, read(file), List.of(JoinConfiguration.KIND));
        ConfigNode join = docs.get(JoinConfiguration.KIND);
        if (join == null) {
            throw new ConfigException(source + ": no JoinConfiguration document (kind: JoinConfiguration, apiVersion: "
                    + KubeadmConfig.API_VERSION + ")");
        }
        return JoinConfiguration.read(join);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The documents by kind; an unknown kind, a wrong apiVersion or a repeated kind is an error. */
    private static Map<String, ConfigNode> documents(String source, String text, List<String> kinds) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setAllowDuplicateKeys(true); // reported by ConfigNode with the field path instead
        Map<String, ConfigNode> docs = new LinkedHashMap<>();
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
                if (!kinds.contains(kind)) {
                    throw kindNode.error("unexpected kind \"" + kind + "\" (expected " + String.join(" or ", kinds) + ")");
                }
                if (!KubeadmConfig.API_VERSION.equals(apiVersion.string())) {
                    throw apiVersion.error("\"" + apiVersion.string() + "\" is not supported; use "
                            + KubeadmConfig.API_VERSION + " (older files: kubeadm config migrate)");
                }
                if (docs.containsKey(kind)) {
                    throw kindNode.error("a second " + kind + " document (give each kind once)");
                }
                docs.put(kind, new ConfigNode(node, kind, source));
            }
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(source + ":" + line + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage(), e);
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
