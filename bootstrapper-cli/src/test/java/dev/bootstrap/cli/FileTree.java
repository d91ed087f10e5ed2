package dev.bootstrap.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A directory tree as a map from relative path to its content's SHA-256 and mode ("dir" for directories): equal maps, unchanged tree. */
final class FileTree {

    private FileTree() {
    }

    static Map<String, String> of(Path dir) {
        Map<String, String> tree = new TreeMap<>();
        if (Files.notExists(dir)) {
            return tree;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.filter(p -> !p.equals(dir)).toList()) {
                tree.put(dir.relativize(p).toString(), Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)))
                        + " " + Files.getPosixFilePermissions(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return tree;
    }
}
