package dev.bootstrap.config;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Edits of parsed YAML mappings in place, for the code that rewrites a document before it is read
 * ({@link InitFlags#overlay}, {@link V1beta3Conversion}). Moved nodes keep their marks, so a later error
 * about them still names the line they were written on.
 */
final class MappingNodes {

    private MappingNodes() {
    }

    static MappingNode emptyMapping() {
        return new MappingNode(Tag.MAP, new ArrayList<>(), DumperOptions.FlowStyle.BLOCK);
    }

    /** The value of {@code key}, or null. */
    static Node get(MappingNode parent, String key) {
        for (NodeTuple t : parent.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    /** The mapping at {@code path}, or null when a step is missing or not a mapping. */
    static MappingNode mapping(MappingNode root, String... path) {
        MappingNode target = root;
        for (String key : path) {
            if (!(get(target, key) instanceof MappingNode next)) {
                return null;
            }
            target = next;
        }
        return target;
    }

    /** Removes {@code key}; returns its value, or null when it was absent. */
    static Node remove(MappingNode parent, String key) {
        Node value = get(parent, key);
        parent.getValue().removeIf(t -> t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key));
        return value;
    }

    /** Sets the value at {@code path}, creating the mappings on the way; the new key carries the value's mark. */
    static void set(MappingNode root, Node value, String... path) {
        MappingNode target = root;
        for (int i = 0; i < path.length - 1; i++) {
            target = child(target, path[i]);
        }
        String key = path[path.length - 1];
        List<NodeTuple> tuples = target.getValue();
        remove(target, key);
        tuples.add(new NodeTuple(new ScalarNode(Tag.STR, key, value.getStartMark(), value.getEndMark(),
                DumperOptions.ScalarStyle.PLAIN), value));
    }

    /** The mapping under {@code key}, created (replacing a null) when missing. */
    static MappingNode child(MappingNode parent, String key) {
        if (get(parent, key) instanceof MappingNode existing) {
            return existing;
        }
        MappingNode created = emptyMapping();
        set(parent, created, key);
        return created;
    }
}
