package dev.bootstrap.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** One v1beta4 {@code extraArgs} entry: a flag name (without dashes) and its value. */
public record Arg(String name, String value) {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    static Arg read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("name", "value");
        ConfigNode name = f.get("name").orElseThrow(() -> node.error("\"name\" is required"));
        if (!NAME.matcher(name.string()).matches()) {
            throw name.invalid("a flag name (letters, digits, '-', '_', '.', without leading dashes)");
        }
        return new Arg(name.string(), f.string("value", ""));
    }

    static List<Arg> readList(ConfigNode.Fields fields, String name) {
        return fields.list(name, Arg::read);
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("value", value);
        return m;
    }

    static List<Map<String, Object>> toYaml(List<Arg> args) {
        return args.stream().map(Arg::toYaml).toList();
    }
}
