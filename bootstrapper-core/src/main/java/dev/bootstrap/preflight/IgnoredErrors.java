package dev.bootstrap.preflight;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * --ignore-preflight-errors as kubeadm matches it: comma-separated check names, compared lower-cased;
 * "all" ignores every check and may not be combined with names. Ignored errors become warnings.
 */
public final class IgnoredErrors {

    public static final IgnoredErrors NONE = new IgnoredErrors(Set.of());

    private final Set<String> names;

    private IgnoredErrors(Set<String> names) {
        this.names = names;
    }

    /** Parses flag values (each may hold several names separated by commas). */
    public static IgnoredErrors parse(Collection<String> values) {
        Set<String> names = new LinkedHashSet<>();
        for (String value : values) {
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (names.contains("all") && names.size() > 1) {
            throw new IllegalArgumentException("--ignore-preflight-errors: don't specify individual checks if 'all' "
                    + "is used (got " + String.join(",", names) + ")");
        }
        return new IgnoredErrors(Set.copyOf(names));
    }

    public static IgnoredErrors of(String... values) {
        return parse(List.of(values));
    }

    public boolean ignores(String checkName) {
        return names.contains("all") || names.contains(checkName.toLowerCase(Locale.ROOT));
    }

    /** The result with a failed error marked ignored when its name is in the list. */
    public CheckResult apply(CheckResult result) {
        return !result.passed() && result.severity() == Severity.ERROR && ignores(result.name())
                ? result.asIgnored() : result;
    }
}
