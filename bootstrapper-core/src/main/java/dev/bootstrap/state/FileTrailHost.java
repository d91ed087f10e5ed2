package dev.bootstrap.state;

import dev.bootstrap.host.ForwardingHost;
import dev.bootstrap.host.Host;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A host that notes, while a step records, the sha256 of every file the step read or wrote through
 * it: what the journal keeps so that a later run can tell whether the step's files are still as it
 * left them. Recording is per thread (a node's steps run one after another on one thread).
 */
public final class FileTrailHost extends ForwardingHost {

    private final ThreadLocal<Map<String, String>> trail = new ThreadLocal<>();

    public FileTrailHost(Host host) {
        super(host);
    }

    /** Starts noting files on this thread. */
    public void record() {
        trail.set(new LinkedHashMap<>());
    }

    /** Stops noting and returns node path to sha256 of what was read or written (last content wins). */
    public Map<String, String> stop() {
        Map<String, String> files = trail.get();
        trail.remove();
        return files == null ? Map.of() : files;
    }

    private void note(String path, byte[] content) {
        Map<String, String> files = trail.get();
        if (files != null) {
            files.put(path, Journal.sha256(content));
        }
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        Optional<byte[]> content = host.readFile(path);
        content.ifPresent(c -> note(path, c));
        return content;
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        host.writeFile(path, content, mode, owner);
        note(path, content);
    }

    @Override
    public void writeFiles(java.util.List<dev.bootstrap.host.FileWrite> writes) {
        host.writeFiles(writes);
        writes.forEach(w -> note(w.path(), w.content()));
    }

    @Override
    public void remove(String path) {
        host.remove(path);
        Map<String, String> files = trail.get();
        if (files != null) {
            files.remove(path);
        }
    }
}
