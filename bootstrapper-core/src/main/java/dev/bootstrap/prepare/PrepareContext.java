package dev.bootstrap.prepare;

import dev.bootstrap.host.Host;

/**
 * One node to prepare: where it is, what it is to become, and whether to only say what would change.
 */
public record PrepareContext(Host host, PrepareTarget target, boolean dryRun) {
}
