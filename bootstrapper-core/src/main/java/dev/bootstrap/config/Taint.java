package dev.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** A node taint from {@code nodeRegistration.taints}. */
public record Taint(String key, String value, String effect) {

    public static final Taint CONTROL_PLANE = new Taint("node-role.kubernetes.io/control-plane", "", "NoSchedule");
    static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Pattern QUALIFIED_NAME = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    static Taint read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("key", "value", "effect", "timeAdded");
        ConfigNode key = f.get("key").orElseThrow(() -> node.error("\"key\" is required"));
        if (!QUALIFIED_NAME.matcher(key.string()).matches()) {
            throw key.invalid("a valid taint key (a qualified name such as example.com/role)");
        }
        String value = f.get("value", v -> {
            if (!LABEL_VALUE.matcher(v.string()).matches()) {
                throw v.invalid("a valid taint value (at most 63 letters, digits, '-', '_', '.')");
            }
            return v.string();
        }, "");
        ConfigNode effect = f.get("effect").orElseThrow(() -> node.error("\"effect\" is required"));
        return new Taint(key.string(), value, effect.oneOf(EFFECTS));
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("effect", effect);
        m.put("key", key);
        ClusterConfiguration.putIfSet(m, "value", value);
        return m;
    }
}
