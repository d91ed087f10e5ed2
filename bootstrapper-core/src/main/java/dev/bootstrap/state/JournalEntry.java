package dev.bootstrap.state;

import java.time.Instant;
import java.util.Map;

/**
 * One completed step on one node.
 *
 * @param inputs    a digest of what the step was run with (config, flags, versions); a different
 *                  digest on the next run means the step must run again
 * @param files     node path to lower-case hex sha256 of each file the step wrote
 */
public record JournalEntry(String step, String inputs, Instant completed, Map<String, String> files) {

    public JournalEntry {
        files = Map.copyOf(files);
    }
}
