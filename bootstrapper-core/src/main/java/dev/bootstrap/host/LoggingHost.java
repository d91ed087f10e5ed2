package dev.bootstrap.host;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A host whose every operation is written to a {@link DebugLog}: commands with their exit status,
 * duration and output tails; written files as path, mode, owner, size and sha256 (never their
 * content: it is keys and kubeconfigs); reads as path and size. Behaves exactly like the host it
 * wraps (forward, shellPath and close pass through); a failure is logged and then thrown on unchanged.
 */
public final class LoggingHost extends ForwardingHost {

    private final DebugLog log;

    public LoggingHost(Host host, DebugLog log) {
        super(host);
        this.log = log;
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        long start = System.nanoTime();
        CommandResult result;
        try {
            result = host.run(command, timeout);
        } catch (RuntimeException e) {
            log.event(name(), "run", command, since(start), "error " + e.getMessage(), null);
            throw e;
        }
        log.event(name(), "run", command, result.duration(), result.describeExit(), result);
        return result;
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        return logged("read", path, () -> host.readFile(path),
                r -> r.map(b -> "found " + b.length + " bytes").orElse("absent"));
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        logged("write", described(new FileWrite(path, content, mode, owner)), () -> {
            host.writeFile(path, content, mode, owner);
            return null;
        }, r -> "ok");
    }

    @Override
    public void writeFiles(java.util.List<FileWrite> writes) {
        String files = String.join("; ", writes.stream().map(LoggingHost::described).toList());
        logged("write", writes.size() == 1 ? files : writes.size() + " files: " + files,
                () -> {
                    host.writeFiles(writes);
                    return null;
                }, r -> "ok");
    }

    private static String described(FileWrite w) {
        return String.format("%s mode %04o%s %d bytes sha256 %s", w.path(), w.mode(),
                w.owner() == null ? "" : " owner " + w.owner(), w.content().length, sha256(w.content()));
    }

    @Override
    public Optional<FileStat> stat(String path) {
        return logged("stat", path, () -> host.stat(path), r -> r.map(s -> String.format("%s mode %04o %d bytes",
                s.type().name().toLowerCase(), s.mode(), s.size())).orElse("absent"));
    }

    @Override
    public void mkdirs(String path, int mode) {
        logged("mkdirs", String.format("%s mode %04o", path, mode), () -> {
            host.mkdirs(path, mode);
            return null;
        }, r -> "ok");
    }

    @Override
    public void remove(String path) {
        logged("remove", path, () -> {
            host.remove(path);
            return null;
        }, r -> "ok");
    }

    private <T> T logged(String kind, String detail, Supplier<T> op, java.util.function.Function<T, String> outcome) {
        long start = System.nanoTime();
        T result;
        try {
            result = op.get();
        } catch (RuntimeException e) {
            log.event(name(), kind, detail, since(start), "error " + e.getMessage(), null);
            throw e;
        }
        log.event(name(), kind, detail, since(start), outcome.apply(result), null);
        return result;
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
