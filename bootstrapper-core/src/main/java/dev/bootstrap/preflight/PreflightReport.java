package dev.bootstrap.preflight;

import java.util.List;

/** Preflight over all hosts, in the order they were given. */
public record PreflightReport(List<HostReport> hosts) {

    public boolean fatal() {
        return hosts.stream().anyMatch(HostReport::fatal);
    }
}
