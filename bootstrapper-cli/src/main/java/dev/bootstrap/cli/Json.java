package dev.bootstrap.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The one JSON writer for every -o json output (Jackson 3, which fabric8 brings). */
final class Json {

    private static final JsonMapper COMPACT = JsonMapper.builder().build();
    private static final JsonMapper PRETTY = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Json() {
    }

    /** Compact, one line: for event streams. */
    static String line(Object value) {
        return COMPACT.writeValueAsString(value);
    }

    /** Indented: for a command's single result document. */
    static String pretty(Object value) {
        return PRETTY.writeValueAsString(value);
    }
}
