package dev.bootstrap.phases;

import java.time.Duration;
import java.time.Instant;

/**
 * Progress of a phase on a host: emitted when it starts (RUNNING) and when it ends. The CLI renders
 * these as progress lines or as JSON lines; {@code error} is set only for FAILED.
 */
public record PhaseEvent(Instant time, String phase, String host, Status status, Duration duration,
                         String message, String error) {
}
