package dev.bootstrap.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.toml.TomlMapper;

class TomlStringsTest {

    @Test
    void everyStringReadsBackAsItself() {
        TomlMapper toml = new TomlMapper();
        for (String value : new String[] {"registry.k8s.io/pause:3.10.1", "", "a \"quoted\" \\path\\",
                "line\nbreak\ttab\rreturn", "bell\u0007 del\u007f", "ünïcode ☃"}) {
            String text = "key = " + TomlStrings.basic(value) + "\n";
            assertEquals(Map.of("key", value), toml.readValue(text, Map.class), text);
        }
        assertEquals("\"a\\\"b\\\\c\\u0007\"", TomlStrings.basic("a\"b\\c\u0007"));
    }
}
