package dev.bootstrap.host;

import java.time.Duration;

/** What a command did: exit code (-1 when it was ended at its timeout), its output and duration. */
public record CommandResult(int exitCode, String stdout, String stderr, Duration duration, boolean timedOut) {

    public boolean ok() {
        return exitCode == 0 && !timedOut;
    }

    public String describeExit() {
        return timedOut ? "timed out after " + duration.toMillis() + " ms" : "exit " + exitCode;
    }

    /** Why it failed in one line: the timeout, else the last line of stderr, else of stdout, else the exit status. */
    public String why() {
        if (timedOut) {
            return describeExit();
        }
        for (String text : new String[] {stderr, stdout}) {
            if (text != null && !text.isBlank()) {
                return text.strip().lines().reduce((a, b) -> b).orElseThrow().strip();
            }
        }
        return describeExit();
    }

    /** The last lines of stderr for an error message, prefixed with a newline, or "" when empty. */
    public String stderrTail() {
        String err = stderr == null ? "" : stderr.strip();
        if (err.isEmpty()) {
            return "";
        }
        String[] lines = err.split("\n");
        int from = Math.max(0, lines.length - 5);
        return "\n" + String.join("\n", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
