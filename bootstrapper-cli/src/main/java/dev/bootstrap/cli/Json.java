package dev.bootstrap.cli;

import java.io.PrintWriter;
import tools.jackson.databind.json.JsonMapper;

/** Prints values (records, maps, lists) as indented JSON for {@code -o json}. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {
    }

    static void print(PrintWriter out, Object value) {
        out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        out.flush();
    }
}
