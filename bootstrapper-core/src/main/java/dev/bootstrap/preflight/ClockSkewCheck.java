package dev.bootstrap.preflight;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ClockSkew: a cluster-level check over all nodes' facts. Each node's clock is compared with the
 * reference node's (the first control plane: it signs certificates and tokens), both measured
 * against this machine's clock during the same run.
 */
public final class ClockSkewCheck {

    public static final String NAME = "ClockSkew";
    public static final Duration MAX_SKEW = Duration.ofSeconds(30);

    private ClockSkewCheck() {
    }

    /**
     * @param facts     nodes' facts; the first one is the reference
     * @return a result per host other than the reference whose clock was readable
     */
    public static Map<String, CheckResult> judge(List<NodeFacts> facts) {
        Map<String, CheckResult> results = new LinkedHashMap<>();
        List<NodeFacts> timed = facts.stream().filter(f -> f.clockOffset().isPresent()).toList();
        if (timed.size() < 2) {
            return results;
        }
        NodeFacts reference = timed.get(0);
        Duration refOffset = reference.clockOffset().get();
        for (NodeFacts f : timed.subList(1, timed.size())) {
            Duration skew = f.clockOffset().get().minus(refOffset);
            String shown = String.format("%.1f s %s", Math.abs(skew.toMillis()) / 1000.0, skew.isNegative() ? "behind" : "ahead of");
            String message = "clock of " + f.host() + " is " + shown + " " + reference.host();
            results.put(f.host(), skew.abs().compareTo(MAX_SKEW) > 0
                    ? CheckResult.fail(NAME, Severity.ERROR, message + " (more than " + MAX_SKEW.toSeconds()
                            + " s: certificates and tokens look not yet valid or expired)",
                            "synchronise clocks on every node: timedatectl set-ntp true (systemd-timesyncd or chrony)")
                    : CheckResult.pass(NAME, Severity.ERROR, message));
        }
        return results;
    }
}
