package dev.bootstrap.host;

import java.util.List;
import java.util.stream.Collectors;

/** The one place that quotes values for a POSIX shell command line. */
public final class Shell {

    private Shell() {
    }

    /**
     * Quotes a value as one shell word: wrapped in single quotes, each embedded single quote
     * written as '\''. Nothing inside is interpreted by the shell, so a node name or path with
     * metacharacters ($, `, ;, newline) cannot run anything.
     */
    public static String quote(String value) {
        if (value == null) {
            throw new IllegalArgumentException("cannot quote a null value for a shell command");
        }
        if (!value.isEmpty() && value.chars().allMatch(Shell::isSafe)) {
            return value;
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** Quotes each word and joins them with spaces: a command line for argv. */
    public static String join(List<String> argv) {
        return argv.stream().map(Shell::quote).collect(Collectors.joining(" "));
    }

    /** A command shortened for error messages (first line, at most 200 characters). */
    public static String abbreviate(String command) {
        String first = command.lines().findFirst().orElse("");
        String shown = first.length() > 200 ? first.substring(0, 200) + "..." : first;
        return shown.equals(command) ? shown : shown + " ...";
    }

    private static boolean isSafe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '/' || c == ':' || c == '=' || c == ',' || c == '@'
                || c == '+';
    }
}
