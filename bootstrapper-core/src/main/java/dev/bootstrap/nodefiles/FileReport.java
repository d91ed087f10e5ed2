package dev.bootstrap.nodefiles;

import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Status;
import dev.bootstrap.templates.RenderedFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines a file-writing phase prints and whether it changed the node: the flag is kept as each line is
 * added, never read back from the text.
 */
public final class FileReport {

    private final List<String> lines = new ArrayList<>();
    private boolean changed;

    /** Writes {@code file} where it differs ({@link FileSync#write}) and reports it. */
    public void write(Host host, RenderedFile file) {
        FileSync.Written written = FileSync.write(host, file);
        add(written.line(), written.changed());
    }

    public void add(String line, boolean changedNode) {
        lines.add(line);
        changed |= changedNode;
    }

    /** A line that describes what is there (a patch, a warning) without changing anything. */
    public void note(String line) {
        add(line, false);
    }

    public void addAll(FileReport other) {
        lines.addAll(other.lines);
        changed |= other.changed;
    }

    public boolean changed() {
        return changed;
    }

    public Outcome outcome() {
        return new Outcome(changed ? Status.CHANGED : Status.UNCHANGED, lines);
    }
}
