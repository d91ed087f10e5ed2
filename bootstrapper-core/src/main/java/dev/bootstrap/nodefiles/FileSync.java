package dev.bootstrap.nodefiles;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.templates.RenderedFile;
import java.util.Arrays;
import java.util.Optional;

/** Writes rendered files only where they differ, so a second run leaves bytes and mtimes alone. */
public final class FileSync {

    private FileSync() {
    }

    /** What writing one file did: the line printed for it, "wrote PATH" or "unchanged PATH", and whether it wrote. */
    public record Written(String line, boolean changed) {
    }

    public static Written write(Host host, RenderedFile file) {
        Optional<byte[]> current = host.readFile(file.path());
        // The mode is looked at only when the content already matches: one round trip less per new file.
        boolean same = current.isPresent() && Arrays.equals(current.get(), file.content())
                && host.stat(file.path()).map(s -> s.mode() == file.mode()).orElse(false);
        if (same) {
            return new Written("unchanged " + file.path(), false);
        }
        host.writeFile(file.path(), file.content(), file.mode());
        return new Written("wrote " + file.path(), true);
    }

    /** Creates a directory with a mode when missing (kubeadm's manifests dir is 0700). */
    public static void directory(Host host, String path, int mode) {
        Optional<dev.bootstrap.host.FileStat> existing = host.stat(path);
        if (existing.isEmpty()) {
            host.mkdirs(path, mode);
        } else if (!existing.get().isDirectory()) {
            throw new HostException(host.name(), path + " exists and is not a directory; move it away and run again");
        }
    }
}
