package dev.bootstrap.pki;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Key, certificate and request files written together: directories first (a file blocking a path fails before any
 * file exists), then each file atomically through {@link Host#writeFile}; a failed write removes the files this
 * batch wrote, so a run leaves all of them or none.
 */
public final class FileBatch {

    /** One file of the batch. */
    public record File(String path, byte[] content, int mode) {

        @Override
        public String toString() {
            return "File[" + path + ", " + content.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
        }
    }

    private FileBatch() {
    }

    /** Writes {@code files} in order on {@code host}. */
    public static void write(Host host, List<File> files) {
        files.stream().map(f -> f.path().substring(0, f.path().lastIndexOf('/'))).distinct()
                .forEach(dir -> mkdirs(host, dir));
        List<String> written = new ArrayList<>();
        try {
            for (File f : files) {
                host.writeFile(f.path(), f.content(), f.mode());
                written.add(f.path());
            }
        } catch (RuntimeException e) {
            written.forEach(host::remove); // only what this batch created: existing files are never rewritten
            throw e;
        }
    }

    private static void mkdirs(Host host, String dir) {
        try {
            host.mkdirs(dir, PkiFile.DIR_MODE);
        } catch (HostException e) {
            throw new PkiException("cannot create directory " + dir + ": " + e.getMessage()
                    + "; choose another directory or remove what blocks the path", e);
        }
    }
}
