package dev.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A v1beta4 {@code extraVolumes} entry: a hostPath volume mounted into a control-plane pod. */
public record HostPathMount(String name, String hostPath, String mountPath, boolean readOnly, String pathType) {

    static final List<String> PATH_TYPES = List.of("", "DirectoryOrCreate", "Directory", "FileOrCreate", "File",
            "Socket", "CharDevice", "BlockDevice");

    static HostPathMount read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("name", "hostPath", "mountPath", "readOnly", "pathType");
        String name = f.get("name").map(ConfigNode::string).orElseThrow(() -> node.error("\"name\" is required"));
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?") || name.length() > 63) {
            throw f.get("name").get().invalid("a valid volume name (lower-case DNS label)");
        }
        String hostPath = absolute(f, node, "hostPath");
        String mountPath = absolute(f, node, "mountPath");
        String pathType = f.get("pathType", n -> n.oneOf(PATH_TYPES), "");
        return new HostPathMount(name, hostPath, mountPath, f.bool("readOnly", false), pathType);
    }

    private static String absolute(ConfigNode.Fields f, ConfigNode node, String field) {
        ConfigNode value = f.get(field).orElseThrow(() -> node.error("\"" + field + "\" is required"));
        if (!value.string().startsWith("/")) {
            throw value.invalid("an absolute path");
        }
        return value.string();
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("hostPath", hostPath);
        m.put("mountPath", mountPath);
        if (readOnly) {
            m.put("readOnly", true);
        }
        if (!pathType.isEmpty()) {
            m.put("pathType", pathType);
        }
        return m;
    }
}
