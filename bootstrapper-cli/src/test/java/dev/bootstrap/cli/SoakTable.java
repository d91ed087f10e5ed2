package dev.bootstrap.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The rounds of {@link FaultSuiteLabTest#sigkillAtRandomMoments} as the markdown table bench/soak.sh publishes. */
final class SoakTable {

    private static final Pattern PHASE_LINE = Pattern.compile("(?m)^\\[([\\w-]+)] (\\S+) (done|unchanged)");
    private static final Pattern CHANGED = Pattern.compile("Cluster \\S+ is up: \\d+ nodes, (\\d+) changed\\.");

    private final List<String> rows = new ArrayList<>();
    private boolean held = true;

    /** The last phase a killed run finished, with its node ("certs node1"), from its output. */
    static String phaseReached(String output) {
        Matcher m = PHASE_LINE.matcher(output);
        String last = "none";
        while (m.find()) {
            last = m.group(1) + " " + m.group(2);
        }
        return last;
    }

    void add(int round, long killedAfterMs, String reached, FaultSuiteLabTest.Recovery r, String lost) {
        boolean recovered = r.recovery().exit() == 0;
        Matcher changed = CHANGED.matcher(r.again().out());
        String secondChanged = changed.find() ? changed.group(1) : "failed (exit " + r.again().exit() + ")";
        String integrity = r.integrity().isEmpty() ? "yes" : "no: " + r.integrity().lines().findFirst().orElse("");
        held &= recovered && secondChanged.equals("0") && r.integrity().isEmpty() && lost.equals("nothing");
        rows.add("| " + round + " | " + killedAfterMs + " | " + reached + " | " + (recovered ? "yes" : "no (exit "
                + r.recovery().exit() + ")") + " | " + secondChanged + " | " + integrity.replace("|", "/") + " | " + lost + " |");
    }

    boolean allHeld() {
        return held;
    }

    String markdown() {
        return "| round | killed after (ms) | last phase done | recovery ok | second up changed | integrity ok "
                + "| anything lost |\n|---:|---:|---|---|---:|---|---|\n" + String.join("\n", rows) + "\n";
    }
}
