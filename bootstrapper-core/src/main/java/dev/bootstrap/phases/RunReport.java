package dev.bootstrap.phases;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every phase result of a run, grouped by host in the order the hosts were given. */
public record RunReport(Map<String, List<PhaseResult>> byHost) {

    public RunReport {
        byHost = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byHost));
    }

    public boolean ok() {
        return failures().isEmpty();
    }

    /** The failed phase of each host that failed (a host stops at its first failure). */
    public List<PhaseResult> failures() {
        return byHost.values().stream().flatMap(List::stream).filter(r -> r.status() == Status.FAILED).toList();
    }

    public long changed() {
        return byHost.values().stream().flatMap(List::stream).filter(r -> r.status() == Status.CHANGED).count();
    }

    public Optional<PhaseResult> result(String host, String phase) {
        return byHost.getOrDefault(host, List.of()).stream().filter(r -> r.phase().equals(phase)).findFirst();
    }
}
