package dev.bootstrap.preflight;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
     * @param facts nodes' facts; the first one with a readable clock is the reference
     * @return per node, in the same order: its result, or empty for the reference and for nodes
     *         whose clock could not be read (or when fewer than two clocks were read)
     */
    public static List<Optional<CheckResult>> judge(List<NodeFacts> facts) {
        List<Optional<CheckResult>> results = new ArrayList<>();
        Optional<NodeFacts> reference = facts.stream().filter(f -> f.clockOffset().isPresent()).findFirst();
        for (NodeFacts f : facts) {
            results.add(reference.isEmpty() || f == reference.get() ? Optional.empty() : against(reference.get(), f));
        }
        return results;
    }

    /** One node's clock against the reference's; empty when either clock could not be read. */
    public static Optional<CheckResult> against(NodeFacts reference, NodeFacts node) {
        return reference.clockOffset().isPresent() && node.clockOffset().isPresent()
                ? Optional.of(compare(node, reference)) : Optional.empty();
    }

    private static CheckResult compare(NodeFacts f, NodeFacts reference) {
        Duration skew = f.clockOffset().get().minus(reference.clockOffset().get());
        String shown = String.format("%.1f s %s", Math.abs(skew.toMillis()) / 1000.0, skew.isNegative() ? "behind" : "ahead of");
        String message = "clock of " + f.host() + " is " + shown + " " + reference.host();
        return skew.abs().compareTo(MAX_SKEW) > 0
                ? CheckResult.fail(NAME, Severity.ERROR, message + " (more than " + MAX_SKEW.toSeconds()
                        + " s: certificates and tokens look not yet valid or expired)",
                        "synchronise clocks on every node: timedatectl set-ntp true (systemd-timesyncd or chrony)")
                : CheckResult.pass(NAME, Severity.ERROR, message);
    }
}
