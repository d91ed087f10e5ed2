package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Map;
import tools.jackson.dataformat.toml.TomlMapper;

/** Reads rendered TOML back with a real parser (Jackson's), so tests see what containerd's parser would. */
final class Toml {

    private static final TomlMapper MAPPER = new TomlMapper();

    private Toml() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String text) {
        return MAPPER.readValue(text, Map.class);
    }

    /** The value at a key path ({@code plugins, io.containerd.grpc.v1.cri, sandbox_image}); null when absent. */
    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> doc, String... keys) {
        Object node = doc;
        for (String key : keys) {
            if (node == null) {
                return null;
            }
            node = assertInstanceOf(Map.class, node, "table above " + key).get(key);
        }
        return node;
    }
}
