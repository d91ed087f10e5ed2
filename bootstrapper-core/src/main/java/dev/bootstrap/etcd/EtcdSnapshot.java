package dev.bootstrap.etcd;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * etcd snapshots kept on the orchestrator before an upgrade changes anything:
 * {@code etcd-snapshot-<name>-<yyyyMMdd'T'HHmmss'Z'>.db} (what etcdctl snapshot save writes, mode 0600: it holds
 * every Secret) and next to it {@code <file>.sha256} in sha256sum's format, written last, so that a sum file
 * vouches for a complete snapshot.
 */
public final class EtcdSnapshot {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final String SUM = ".sha256";

    private EtcdSnapshot() {
    }

    /**
     * A saved snapshot: its size and sha256 (of the whole file, as sha256sum computes it), etcd's revision
     * when the stream named it, and the older snapshots of the same name that were removed.
     */
    public record Saved(Path file, long size, String sha256, OptionalLong revision, List<Path> removed) {
        public Path sumFile() {
            return sumFile(file);
        }

        private static Path sumFile(Path file) {
            return file.resolveSibling(file.getFileName() + SUM);
        }
    }

    /**
     * Takes a snapshot through {@code client} into {@code directory} (created 0700 when missing), then keeps the
     * newest {@code keep} snapshots of {@code name} there. A failed snapshot leaves no file behind.
     *
     * @param name a node or cluster name: letters, digits, '.', '_' and '-'
     */
    public static Saved save(EtcdMemberClient client, Path directory, String name, Instant now, int keep)
            throws IOException {
        check(name, keep);
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path file = directory.resolve("etcd-snapshot-" + name + "-" + STAMP.format(now) + ".db");
        Path sumFile = Saved.sumFile(file);
        Path snapshotPart = part(file);
        Path sumPart = null;
        try {
            MessageDigest sha = SnapshotStream.sha256();
            EtcdMemberClient.Snapshot snapshot = write(snapshotPart, out -> client.snapshot(new DigestOutputStream(out, sha)));
            String hex = HexFormat.of().formatHex(sha.digest());
            sumPart = part(sumFile);
            write(sumPart, out -> {
                out.write((hex + "  " + file.getFileName() + "\n").getBytes(StandardCharsets.UTF_8));
                return null;
            });
            Files.move(snapshotPart, file, StandardCopyOption.ATOMIC_MOVE);
            Files.move(sumPart, sumFile, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(directory);
            return new Saved(file, snapshot.bytes(), hex, snapshot.revision(), prune(directory, name, keep, file));
        } finally {
            Files.deleteIfExists(snapshotPart);
            if (sumPart != null) {
                Files.deleteIfExists(sumPart);
            }
        }
    }

    /** Removes all but the newest {@code keep} snapshots of {@code name} (each with its sum file); returns them. */
    public static List<Path> prune(Path directory, String name, int keep) throws IOException {
        check(name, keep);
        return prune(directory, name, keep, null);
    }

    /** {@code spare}: the snapshot just taken, one of those kept even when a clock behind named it older. */
    private static List<Path> prune(Path directory, String name, int keep, Path spare) throws IOException {
        Pattern ours = Pattern.compile("etcd-snapshot-" + Pattern.quote(name) + "-\\d{8}T\\d{6}Z\\.db");
        List<Path> snapshots;
        try (Stream<Path> files = Files.list(directory)) {
            // Same prefix, fixed-width UTC stamp: name order is age order.
            snapshots = files.filter(f -> ours.matcher(f.getFileName().toString()).matches())
                    .sorted(Comparator.comparing((Path f) -> f.getFileName().toString()).reversed()).toList();
        }
        List<Path> others = snapshots.stream().filter(f -> !f.equals(spare)).toList();
        int stay = spare == null ? keep : keep - 1;
        List<Path> removed = new ArrayList<>();
        for (Path old : others.subList(Math.min(stay, others.size()), others.size())) {
            Files.deleteIfExists(Saved.sumFile(old));
            Files.deleteIfExists(old);
            removed.add(old);
        }
        return removed;
    }

    private interface Content<T> {
        T write(OutputStream out) throws IOException;
    }

    /** A hidden 0600 file beside {@code target}, for writing it whole before it takes the target's name. */
    private static Path part(Path target) throws IOException {
        return Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }

    private static <T> T write(Path file, Content<T> content) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            T result = content.write(out);
            out.flush();
            channel.force(true);
            return result;
        }
    }

    /** Makes the renames durable; a file system that cannot sync a directory still has the synced files. */
    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // best effort
        }
    }

    private static void check(String name, int keep) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("snapshot name '" + name + "': use letters, digits, '.', '_' and '-'");
        }
        if (keep < 1) {
            throw new IllegalArgumentException("keep " + keep + " snapshots: at least the new one must stay");
        }
    }
}
