package dev.bootstrap.preflight;

/** A node to check: the target as the user wrote it, and what it is about to become. */
public record PreflightTarget(String target, PreflightRole role) {
}
