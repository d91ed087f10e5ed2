package dev.bootstrap.phases;

import java.time.Duration;
import java.util.List;

/** The end of one phase on one host. {@code error} is null unless the status is FAILED. */
public record PhaseResult(String phase, String host, Status status, Duration duration, List<String> details,
                          String error) {
}
