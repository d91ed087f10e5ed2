package dev.bootstrap.config;

import dev.bootstrap.net.Cidr;
import dev.bootstrap.net.IpAddresses;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML node with its field path and source, so every error names "file:line: Path.to.field: problem".
 * Nodes set from command-line flags carry the flag name as their mark name (see {@link InitFlags#overlay}).
 */
public final class ConfigNode {

    /** Mark names of nodes made from flags start with this. */
    static final String FLAG_MARK_PREFIX = "--";

    private final Node node;
    private final String path;
    private final String file;

    ConfigNode(Node node, String path, String file) {
        this.node = node;
        this.path = path;
        this.file = file;
    }

    public String path() {
        return path;
    }

    /** The snakeyaml node (for readers that rearrange documents, such as the cluster file reader). */
    public Node node() {
        return node;
    }

    /** Wraps a parsed node; {@code path} is the field path of the node, {@code file} the name used in errors. */
    public static ConfigNode of(Node node, String path, String file) {
        return new ConfigNode(node, path, file);
    }

    /** The file name used in errors. */
    public String fileName() {
        return file;
    }

    /** "cluster.yaml:12" or "flag --service-cidr". */
    String location() {
        Mark mark = node.getStartMark();
        if (mark != null && mark.getName() != null && mark.getName().startsWith(FLAG_MARK_PREFIX)) {
            return "flag " + mark.getName();
        }
        return file + ":" + (mark == null ? "?" : mark.getLine() + 1);
    }

    /** Where this node is, as errors name it: "cluster.yaml:12: InitConfiguration.skipPhases[0]". */
    public String where() {
        return location() + ": " + path;
    }

    public ConfigException error(String problem) {
        return new ConfigException(where() + ": " + problem);
    }

    /** A problem with the value, quoting it (never use for secrets). */
    public ConfigException invalid(String what) {
        return error(quoted() + " is not " + what);
    }

    private String quoted() {
        return node instanceof ScalarNode s ? "\"" + s.getValue() + "\"" : "the value";
    }

    public boolean isNull() {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** The fields of a mapping; a key not in {@code allowed} is an "unknown field" error at its line. */
    public Fields fields(String... allowed) {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping (an object with fields), got " + kind());
        }
        Set<String> known = Set.of(allowed);
        Map<String, ConfigNode> values = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error("field names must be plain strings");
            }
            String childPath = path + "." + key.getValue();
            if (!known.contains(key.getValue())) {
                throw new ConfigNode(key, childPath, file).error("unknown field \"" + key.getValue()
                        + "\" (known fields: " + String.join(", ", sorted(allowed)) + ")");
            }
            if (values.containsKey(key.getValue())) {
                throw new ConfigNode(key, childPath, file).error("field given twice");
            }
            values.put(key.getValue(), new ConfigNode(tuple.getValueNode(), childPath, file));
        }
        return new Fields(values);
    }

    private static List<String> sorted(String[] names) {
        List<String> list = new ArrayList<>(Arrays.asList(names));
        list.sort(null);
        return list;
    }

    private String kind() {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        return tagName() + " " + quoted();
    }

    private String tagName() {
        Tag tag = node.getTag();
        if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
            return "the number";
        }
        if (tag.equals(Tag.BOOL)) {
            return "the boolean";
        }
        if (tag.equals(Tag.NULL)) {
            return "null";
        }
        return "the string";
    }

    public String string() {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
            throw error("expected a string, got " + kind() + (node instanceof ScalarNode ? " (quote it)" : ""));
        }
        return s.getValue();
    }

    /** Kubernetes' IntOrString (maxUnavailable, minAvailable): an integer or a string such as "10%", as text. */
    public String intOrString() {
        if (!(node instanceof ScalarNode s) || !(s.getTag().equals(Tag.STR) || s.getTag().equals(Tag.INT))) {
            throw error("expected an integer or a string, got " + kind());
        }
        return s.getValue();
    }

    public int integer() {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.INT)) {
            throw error("expected an integer, got " + kind());
        }
        try {
            return Integer.parseInt(s.getValue().replace("_", ""));
        } catch (NumberFormatException e) {
            throw invalid("an integer in range");
        }
    }

    public boolean bool() {
        if (!(node instanceof ScalarNode s) || !s.getTag().equals(Tag.BOOL)) {
            throw error("expected true or false, got " + kind());
        }
        return s.getValue().equalsIgnoreCase("true") || s.getValue().equalsIgnoreCase("yes")
                || s.getValue().equalsIgnoreCase("on");
    }

    public int port() {
        int port = integer();
        if (port < 1 || port > 65535) {
            throw error(port + " is not a valid port (1-65535)");
        }
        return port;
    }

    public Duration duration() {
        String text = string();
        return GoDuration.parse(text).filter(d -> !d.isNegative())
                .orElseThrow(() -> invalid("a valid duration (Go syntax, e.g. 8760h0m0s, 4m0s, 30s)"));
    }

    public String ip() {
        String text = string();
        if (!IpAddresses.isIp(text)) {
            throw invalid("a valid IP address");
        }
        return text;
    }

    /** One CIDR or a dual-stack pair "v4cidr,v6cidr". */
    public String cidrs() {
        String text = string();
        String[] parts = text.split(",", -1);
        if (parts.length > 2) {
            throw error("\"" + text + "\" has more than two CIDRs (at most one per IP family)");
        }
        for (String part : parts) {
            if (Cidr.parse(part).isEmpty()) {
                throw error("\"" + (parts.length == 1 ? text : part) + "\" is not a valid CIDR");
            }
        }
        if (parts.length == 2 && Cidr.parse(parts[0]).get().ipv6()
                == Cidr.parse(parts[1]).get().ipv6()) {
            throw error("\"" + text + "\": a dual-stack pair needs one IPv4 and one IPv6 CIDR");
        }
        return text;
    }

    /** A string from a fixed set. */
    public String oneOf(List<String> allowed) {
        String text = string();
        if (!allowed.contains(text)) {
            throw error("\"" + text + "\" is not one of " + String.join(", ", allowed));
        }
        return text;
    }

    public List<ConfigNode> list() {
        if (!(node instanceof SequenceNode seq)) {
            throw error("expected a list, got " + kind());
        }
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            items.add(new ConfigNode(seq.getValue().get(i), path + "[" + i + "]", file));
        }
        return items;
    }

    public <T> List<T> list(Function<ConfigNode, T> item) {
        return list().stream().map(item).toList();
    }

    /** A mapping of names to values read by {@code value}. */
    public <T> Map<String, T> map(Function<ConfigNode, T> value) {
        if (!(node instanceof MappingNode mapping)) {
            throw error("expected a mapping, got " + kind());
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            ConfigNode key = new ConfigNode(tuple.getKeyNode(), path, file);
            String name = key.string();
            out.put(name, value.apply(new ConfigNode(tuple.getValueNode(), path + "." + name, file)));
        }
        return out;
    }

    /** The present fields of one mapping, by name; null values count as absent (Go's zero value). */
    public static final class Fields {

        private final Map<String, ConfigNode> values;

        Fields(Map<String, ConfigNode> values) {
            this.values = values;
        }

        public Optional<ConfigNode> get(String name) {
            return Optional.ofNullable(values.get(name)).filter(n -> !n.isNull());
        }

        /** True when the field is written, even as null. */
        public boolean has(String name) {
            return values.containsKey(name);
        }

        public <T> T get(String name, Function<ConfigNode, T> read, T fallback) {
            return get(name).map(read).orElse(fallback);
        }

        public String string(String name, String fallback) {
            return get(name, ConfigNode::string, fallback);
        }

        public boolean bool(String name, boolean fallback) {
            return get(name, ConfigNode::bool, fallback);
        }

        public <T> List<T> list(String name, Function<ConfigNode, T> item) {
            return get(name).map(n -> n.list(item)).orElse(List.of());
        }
    }
}
