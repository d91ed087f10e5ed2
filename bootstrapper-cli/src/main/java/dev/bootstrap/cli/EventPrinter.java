package dev.bootstrap.cli;

import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renders phase events: text prints one line per finished phase and host with status and
 * duration (and its detail lines); json prints one JSON object per event, for scripts.
 */
final class EventPrinter implements Consumer<PhaseEvent> {

    private final PrintWriter out;
    private final boolean json;
    private final boolean multiHost;

    EventPrinter(PrintWriter out, boolean json, boolean multiHost) {
        this.out = out;
        this.json = json;
        this.multiHost = multiHost;
    }

    @Override
    public synchronized void accept(PhaseEvent e) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.time().toString());
            m.put("phase", e.phase());
            m.put("host", e.host());
            m.put("status", e.status().name().toLowerCase());
            m.put("durationMs", e.duration().toMillis());
            if (e.error() != null) {
                m.put("error", e.error());
            }
            out.println(Json.line(m));
        } else if (e.status().finished()) {
            String where = multiHost ? " " + e.host() : "";
            out.printf("[%s]%s %s (%d ms)%n", e.phase(), where, label(e.status()), e.duration().toMillis());
            if (e.status() == Status.FAILED) {
                out.println("    " + e.error().replace("\n", "\n    "));
            } else if (e.message() != null && !e.message().isEmpty()) {
                for (String detail : e.message().split("; ")) {
                    out.println("    " + detail);
                }
            }
        }
        out.flush();
    }

    /** What a dry run wrote (under {@code dir}) and would write or run, in order. */
    void dryRun(java.nio.file.Path dir, List<String> actions) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("dryRunDir", dir.toString());
            m.put("dryRunActions", actions);
            out.println(Json.line(m));
        } else {
            out.println();
            out.println("[dryrun] Files were written under " + dir + "; nothing else was changed.");
            out.println("[dryrun] Would write or run, in order:");
            actions.forEach(a -> out.println("  " + a));
        }
        out.flush();
    }

    /** The closing summary: per host, how many phases changed, and the failures with their errors. */
    void summary(RunReport report) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result", report.ok() ? "success" : "failure");
            m.put("changed", report.changed());
            List<Map<String, Object>> failed = report.failures().stream().map(EventPrinter::failure).toList();
            m.put("failed", failed);
            out.println(Json.line(m));
        } else if (!report.ok()) {
            for (PhaseResult f : report.failures()) {
                out.printf("FAILED %s at phase %s: %s%n", f.host(), f.phase(), f.error().lines().findFirst().orElse(""));
            }
        }
        out.flush();
    }

    private static Map<String, Object> failure(PhaseResult f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("host", f.host());
        m.put("phase", f.phase());
        m.put("error", f.error());
        return m;
    }

    private static String label(Status s) {
        return switch (s) {
            case CHANGED -> "done";
            case UNCHANGED -> "unchanged";
            case SKIPPED -> "skipped";
            case FAILED -> "FAILED";
            case RUNNING -> "running";
        };
    }
}
