package dev.bootstrap.host;

import java.time.Instant;

/** What {@link Host#stat(String)} reports: type, permission bits (e.g. 0644), size, owner, mtime. */
public record FileStat(Type type, int mode, long size, String owner, String group, Instant modified) {

    public enum Type { FILE, DIRECTORY, SYMLINK, OTHER }

    public boolean isDirectory() {
        return type == Type.DIRECTORY;
    }

    public boolean isFile() {
        return type == Type.FILE;
    }
}
