package dev.bootstrap.templates;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Turns a string into a YAML scalar that reads back as exactly that string: plain when safe
 * ("registry.k8s.io/etcd:3.6.4-0"), quoted when it would otherwise change type or syntax
 * ("true", "6443", "a: b"), double-quoted with escapes when it has line breaks or control characters.
 * snakeyaml's emitter decides, so no quoting rules are hand-written here.
 */
final class YamlScalars {

    private static final Yaml PLAIN = yaml(DumperOptions.ScalarStyle.PLAIN);
    private static final Yaml DOUBLE_QUOTED = yaml(DumperOptions.ScalarStyle.DOUBLE_QUOTED);

    private YamlScalars() {
    }

    private static Yaml yaml(DumperOptions.ScalarStyle style) {
        DumperOptions options = new DumperOptions();
        options.setDefaultScalarStyle(style);
        options.setSplitLines(false);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options);
    }

    static String scalar(String value) {
        boolean control = value.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
        String dumped = (control ? DOUBLE_QUOTED : PLAIN).dump(value);
        return dumped.endsWith("\n") ? dumped.substring(0, dumped.length() - 1) : dumped;
    }
}
