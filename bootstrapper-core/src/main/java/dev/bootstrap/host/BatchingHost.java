package dev.bootstrap.host;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A host that holds written files back and writes them together, in one {@link Host#writeFiles}
 * (one round trip over SSH instead of one per file), when {@link #flush()} is called or before
 * anything that could depend on them on the node: a command, a stat of a held file, a mkdir, a
 * removal, a tunnel, closing. Reading a held file returns what was written. Whoever batches calls
 * flush at the end of each step, so a failed write is the failure of the step that made it.
 */
public final class BatchingHost extends ForwardingHost {

    /** In write order; a file written twice keeps its first place and its last content. */
    private final Map<String, FileWrite> held = new LinkedHashMap<>();

    public BatchingHost(Host host) {
        super(host);
    }

    /** Writes what is held. The held files are dropped even when writing fails (the step failed). */
    public synchronized void flush() {
        if (held.isEmpty()) {
            return;
        }
        List<FileWrite> writes = new ArrayList<>(held.values());
        held.clear();
        host.writeFiles(writes);
    }

    @Override
    public synchronized void writeFile(String path, byte[] content, int mode, String owner) {
        held.put(path, new FileWrite(path, content.clone(), mode, owner));
    }

    @Override
    public synchronized Optional<byte[]> readFile(String path) {
        FileWrite write = held.get(path);
        return write != null ? Optional.of(write.content().clone()) : host.readFile(path);
    }

    @Override
    public synchronized Optional<FileStat> stat(String path) {
        // Owner and mtime of a held file are the node's to say.
        if (held.containsKey(path)) {
            flush();
        }
        return host.stat(path);
    }

    @Override
    public synchronized CommandResult run(String command, Duration timeout) {
        flush();
        return host.run(command, timeout);
    }

    @Override
    public synchronized void writeFiles(List<FileWrite> writes) {
        writes.forEach(w -> held.put(w.path(), w));
    }

    @Override
    public synchronized void mkdirs(String path, int mode) {
        flush();
        host.mkdirs(path, mode);
    }

    @Override
    public synchronized void remove(String path) {
        flush();
        host.remove(path);
    }

    @Override
    public synchronized java.net.InetSocketAddress forward(String address, int port) {
        flush();
        return host.forward(address, port);
    }

    @Override
    public void close() {
        try {
            flush();
        } finally {
            host.close();
        }
    }
}
