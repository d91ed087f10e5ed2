package dev.bootstrap.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's {@code time.Duration} text form as kubeadm's YAML uses it ("8760h0m0s", "4m0s", "5s",
 * "1.5h"): parsing to a {@link Duration} and formatting back exactly as Go's {@code String()}.
 */
public final class GoDuration {

    private static final Pattern WHOLE = Pattern.compile("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h)");
    private static final Pattern SHAPE = Pattern.compile("(?:([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+");

    private GoDuration() {
    }

    /** Parses "1h30m", "8760h0m0s", "0"; returns empty on text Go would reject. */
    public static java.util.Optional<Duration> parse(String text) {
        String s = text.trim();
        boolean negative = s.startsWith("-");
        if (negative || s.startsWith("+")) {
            s = s.substring(1);
        }
        if (s.equals("0")) {
            return java.util.Optional.of(Duration.ZERO);
        }
        if (!SHAPE.matcher(s).matches()) {
            return java.util.Optional.empty();
        }
        Matcher m = WHOLE.matcher(s);
        java.math.BigDecimal nanos = java.math.BigDecimal.ZERO;
        while (m.find()) {
            nanos = nanos.add(new java.math.BigDecimal(m.group(1).startsWith(".") ? "0" + m.group(1) : m.group(1))
                    .multiply(java.math.BigDecimal.valueOf(unitNanos(m.group(2)))));
        }
        Duration d = Duration.ofNanos(nanos.longValue());
        return java.util.Optional.of(negative ? d.negated() : d);
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }

    /** Formats as Go does: "0s", "500ms", "5s", "4m0s", "8760h0m0s", "1.5s". */
    public static String format(Duration duration) {
        if (duration.isZero()) {
            return "0s";
        }
        String sign = duration.isNegative() ? "-" : "";
        Duration d = duration.abs();
        long totalNanos = d.toNanos();
        if (totalNanos < 1_000_000_000L) {
            if (totalNanos < 1_000L) {
                return sign + totalNanos + "ns";
            }
            if (totalNanos < 1_000_000L) {
                return sign + fraction(totalNanos, 1_000L) + "µs";
            }
            return sign + fraction(totalNanos, 1_000_000L) + "ms";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        String seconds = fraction(d.toSecondsPart() * 1_000_000_000L + d.toNanosPart(), 1_000_000_000L) + "s";
        if (hours > 0) {
            return sign + hours + "h" + minutes + "m" + seconds;
        }
        if (minutes > 0) {
            return sign + minutes + "m" + seconds;
        }
        return sign + seconds;
    }

    private static String fraction(long value, long unit) {
        java.math.BigDecimal v = java.math.BigDecimal.valueOf(value).divide(java.math.BigDecimal.valueOf(unit));
        return v.stripTrailingZeros().toPlainString();
    }
}
