package dev.bootstrap.cluster;

import dev.bootstrap.config.ConfigNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Replaces {@code ${VAR}} in the string values of a parsed cluster file, so secrets and per-user paths
 * stay out of the file; {@code $$} is a literal {@code $}. Substitution works on the parsed tree (not the
 * text) so a value can never change the YAML structure, and line numbers stay those of the file.
 */
final class EnvSubstitution {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Resolver RESOLVER = new Resolver();

    private final Map<String, String> env;
    private final String file;

    EnvSubstitution(Map<String, String> env, String file) {
        this.env = env;
        this.file = file;
    }

    /** The node with every variable replaced; mappings and lists are changed in place. */
    Node apply(Node node, String path) {
        if (node instanceof MappingNode mapping) {
            List<NodeTuple> tuples = mapping.getValue().stream().map(t -> new NodeTuple(t.getKeyNode(),
                    apply(t.getValueNode(), path + "." + ClusterFileReader.keyName(t)))).toList();
            mapping.setValue(new ArrayList<>(tuples));
            return mapping;
        }
        if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                seq.getValue().set(i, apply(seq.getValue().get(i), path + "[" + i + "]"));
            }
            return seq;
        }
        if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR) && s.getValue().indexOf('$') >= 0) {
            String value = substitute(s.getValue(), ConfigNode.of(s, path, file));
            // A plain "${PORT}" becomes whatever its value reads as (2222 is an integer), as if written there.
            Tag tag = s.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN
                    ? RESOLVER.resolve(NodeId.scalar, value, true) : Tag.STR;
            return new ScalarNode(tag, value, s.getStartMark(), s.getEndMark(), s.getScalarStyle());
        }
        return node;
    }

    private String substitute(String text, ConfigNode where) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '$' && next == '$') {
                out.append('$');
                i += 2;
            } else if (c == '$' && next == '{') {
                int close = text.indexOf('}', i);
                if (close < 0) {
                    throw where.error("unterminated \"${\" (write $$ for a literal $)");
                }
                String name = text.substring(i + 2, close);
                if (!NAME.matcher(name).matches()) {
                    throw where.error("\"${" + name + "}\" is not a variable reference (names are letters, digits"
                            + " and _; write $$ for a literal $)");
                }
                String value = env.get(name);
                if (value == null) {
                    throw where.error("environment variable " + name + " is not set (export it, or write $$ for a"
                            + " literal $)");
                }
                out.append(value);
                i = close + 1;
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
