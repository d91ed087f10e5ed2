package dev.bootstrap.phases;

import java.util.List;

/** What one phase did on one host: its status and the lines that explain it. */
public record Outcome(Status status, List<String> details) {

    public Outcome {
        details = List.copyOf(details);
    }

    public static Outcome changed(String... details) {
        return new Outcome(Status.CHANGED, List.of(details));
    }

    public static Outcome unchanged(String... details) {
        return new Outcome(Status.UNCHANGED, List.of(details));
    }

    public static Outcome skipped(String reason) {
        return new Outcome(Status.SKIPPED, List.of(reason));
    }

    /** The same outcome with one more detail line. */
    public Outcome withDetail(String detail) {
        List<String> all = new java.util.ArrayList<>(details);
        all.add(detail);
        return new Outcome(status, all);
    }
}
