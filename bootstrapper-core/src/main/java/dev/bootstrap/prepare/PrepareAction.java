package dev.bootstrap.prepare;

import dev.bootstrap.host.FileWrite;
import java.util.List;

/**
 * One thing prepare does to a node: what it says it does, the changes it records first, the files it writes, then
 * the shell it runs (quoted; may be empty).
 */
record PrepareAction(String says, List<PrepareRecord.Change> records, List<FileWrite> writes, String script) {

    PrepareAction {
        records = List.copyOf(records);
        writes = List.copyOf(writes);
    }

    static PrepareAction run(String says, List<PrepareRecord.Change> records, String script) {
        return new PrepareAction(says, records, List.of(), script);
    }

    static PrepareAction write(String says, List<PrepareRecord.Change> records, List<FileWrite> writes) {
        return new PrepareAction(says, records, writes, "");
    }
}
