package dev.bootstrap.templates;

/**
 * Turns a string into a TOML basic string ("...") that reads back as exactly that string: quote, backslash
 * and control characters escaped as the TOML 1.0 specification's "Basic strings" section lists them.
 */
public final class TomlStrings {

    private TomlStrings() {
    }

    public static String basic(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04X", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }
}
