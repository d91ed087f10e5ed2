package dev.bootstrap.host;

import java.time.Instant;

/** What {@link Host#stat(String)} reports: type, permission bits (e.g. 0644), size, owner, mtime. */
public record FileStat(Type type, int mode, long size, String owner, String group, Instant modified) {

    public enum Type { FILE, DIRECTORY, SYMLINK, OTHER }

    /** What {@code stat -c} prints for {@link #parse}: type, octal mode, size, owner, group, mtime. */
    public static final String STAT_FORMAT = "%F|%a|%s|%U|%G|%Y";

    /** Reads a line of {@code stat -c STAT_FORMAT} output (the last six fields, if more are in front). */
    public static FileStat parse(String line) {
        String[] all = line.strip().split("\\|", -1);
        String[] f = java.util.Arrays.copyOfRange(all, all.length - 6, all.length);
        Type type = switch (f[0].toLowerCase(java.util.Locale.ROOT)) {
            case "regular file", "regular empty file" -> Type.FILE;
            case "directory" -> Type.DIRECTORY;
            case "symbolic link" -> Type.SYMLINK;
            default -> Type.OTHER;
        };
        return new FileStat(type, Integer.parseInt(f[1], 8), Long.parseLong(f[2]), f[3], f[4],
                Instant.ofEpochSecond(Long.parseLong(f[5])));
    }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }
}
