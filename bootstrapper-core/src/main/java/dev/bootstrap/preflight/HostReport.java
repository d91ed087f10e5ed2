package dev.bootstrap.preflight;

import java.util.List;
import java.util.Optional;

/**
 * Preflight on one host: its facts and check results, or why they could not be gathered.
 *
 * @param host    the target as the user wrote it
 * @param error   why the host could not be reached or its facts read (then facts is empty)
 */
public record HostReport(String host, PreflightRole role, Optional<NodeFacts> facts, List<CheckResult> results,
                         Optional<String> error) {

    public static HostReport failed(String host, PreflightRole role, String error) {
        return new HostReport(host, role, Optional.empty(), List.of(), Optional.of(error));
    }

    /** Unreachable, or a failed error that is not ignored: init/join must not go on here. */
    public boolean fatal() {
        return error.isPresent() || results.stream().anyMatch(CheckResult::fatal);
    }

    public List<CheckResult> fatalErrors() {
        return results.stream().filter(CheckResult::fatal).toList();
    }

    public List<CheckResult> warnings() {
        return results.stream().filter(CheckResult::warning).toList();
    }
}
