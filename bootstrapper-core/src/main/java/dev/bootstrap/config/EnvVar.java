package dev.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** A v1beta4 {@code extraEnvs} entry (name and literal value; valueFrom is not supported). */
public record EnvVar(String name, String value) {

    static EnvVar read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("name", "value", "valueFrom");
        if (f.has("valueFrom")) {
            throw node.error("valueFrom is not supported by bootstrap; give a literal \"value\"");
        }
        ConfigNode name = f.get("name").orElseThrow(() -> node.error("\"name\" is required"));
        if (!name.string().matches("[-._a-zA-Z][-._a-zA-Z0-9]*")) {
            throw name.invalid("a valid environment variable name");
        }
        return new EnvVar(name.string(), f.string("value", ""));
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }
}
