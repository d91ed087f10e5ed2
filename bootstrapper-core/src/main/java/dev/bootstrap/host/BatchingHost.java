package dev.bootstrap.host;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A host that holds written files back and writes them together, in one {@link Host#writeFiles}
 * (one round trip over SSH instead of one per file), when {@link #flush()} is called or before
 * anything that could depend on them on the node: a command, a stat of a held file, a mkdir, a
 * removal, a tunnel, closing. Reading a held file returns what was written. Whoever batches calls
 * flush at the end of each step, so a failed write is the failure of the step that made it. Only a
 * step that nothing outside the host waits on may hold ({@link #hold}): one that writes a manifest
 * and then waits for the component through the API would wait for a file still held here.
 *
 * <p>Stats are batched too: the second stat in a directory lists the whole directory in one command
 * (the PKI checks each of its 26 files), and later stats there are answered from that listing until
 * the next flush, which every command, write, mkdir and removal goes through.
 */
public final class BatchingHost extends ForwardingHost {

    /** In write order; a file written twice keeps its first place and its last content. */
    private final Map<String, FileWrite> held = new LinkedHashMap<>();
    /** Directories stat was asked about since the last flush, and the ones listed: name to stat. */
    private final Set<String> asked = new HashSet<>();
    private final Map<String, Map<String, FileStat>> listed = new HashMap<>();

    private static final Duration LIST_TIMEOUT = Duration.ofSeconds(30);

    private boolean holding = true;

    public BatchingHost(Host host) {
        super(host);
    }

    /** Writes what is held. The held files are dropped even when writing fails (the step failed). */
    public synchronized void flush() {
        asked.clear();
        listed.clear();
        if (held.isEmpty()) {
            return;
        }
        List<FileWrite> writes = new ArrayList<>(held.values());
        held.clear();
        host.writeFiles(writes);
    }

    /** Drops what is held and what was listed, without writing (the step that made it is to run again). */
    public synchronized void discardHeld() {
        held.clear();
        asked.clear();
        listed.clear();
    }

    /** Whether writes are held from now on; when not, what is held is written first and writes go through. */
    public synchronized void hold(boolean value) {
        if (!value) {
            flush();
        }
        holding = value;
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        writeFiles(List.of(new FileWrite(path, content.clone(), mode, owner)));
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
        int slash = path.lastIndexOf('/');
        if (slash < 0 || slash == path.length() - 1) {
            return host.stat(path);
        }
        String dir = slash == 0 ? "/" : path.substring(0, slash);
        Map<String, FileStat> entries = listed.get(dir);
        if (entries == null && !asked.add(dir)) {
            entries = list(dir);
        }
        return entries == null ? host.stat(path) : Optional.ofNullable(entries.get(path.substring(slash + 1)));
    }

    /** The entries of a directory by name, or null when it cannot be listed (then stat answers). */
    private Map<String, FileStat> list(String dir) {
        CommandResult r = host.run("cd " + Shell.quote(host.shellPath(dir)) + " 2>/dev/null || exit 3; stat -c '%n|"
                + FileStat.STAT_FORMAT + "' -- * .[!.]* ..?* 2>/dev/null; exit 0", LIST_TIMEOUT);
        if (!r.ok()) {
            return null;
        }
        Map<String, FileStat> entries = new HashMap<>();
        for (String line : r.stdout().split("\n")) {
            int end = line.length();
            for (int i = 0; i < 6 && end > 0; i++) {
                end = line.lastIndexOf('|', end - 1);
            }
            if (end > 0) {
                entries.put(line.substring(0, end), FileStat.parse(line.substring(end + 1)));
            }
        }
        listed.put(dir, entries);
        return entries;
    }

    @Override
    public synchronized CommandResult run(String command, Duration timeout) {
        flush();
        return host.run(command, timeout);
    }

    @Override
    public synchronized void writeFiles(List<FileWrite> writes) {
        writes.forEach(w -> held.put(w.path(), w));
        if (!holding) {
            flush();
        }
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
    public synchronized InetSocketAddress forward(String address, int port) {
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
