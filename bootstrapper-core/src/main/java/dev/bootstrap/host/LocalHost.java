package dev.bootstrap.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * This machine. With a rootfs, every node path resolves under it (for --rootfs and tests); commands
 * still run on this machine as they are.
 */
public final class LocalHost implements Host {

    private final String name;
    private final Path rootfs;

    /** This machine with node paths as they are. */
    public LocalHost() {
        this("localhost", null);
    }

    /** @param rootfs directory node paths resolve under, or null for "/" */
    public LocalHost(String name, Path rootfs) {
        this.name = name;
        this.rootfs = rootfs == null ? null : rootfs.toAbsolutePath().normalize();
    }

    @Override
    public String name() {
        return name;
    }

    /** The rootfs node paths resolve under, if any. */
    public Optional<Path> rootfs() {
        return Optional.ofNullable(rootfs);
    }

    /** Where a node path lives on this machine; refuses paths that would leave the rootfs. */
    public Path resolve(String nodePath) {
        if (!nodePath.startsWith("/")) {
            throw new HostException(name, "node path must be absolute: " + nodePath);
        }
        if (rootfs == null) {
            return Path.of(nodePath).normalize();
        }
        Path p = rootfs.resolve(nodePath.substring(1)).normalize();
        if (!p.startsWith(rootfs)) {
            throw new HostException(name, "path escapes --rootfs " + rootfs + ": " + nodePath);
        }
        return p;
    }

    @Override
    public String shellPath(String nodePath) {
        return resolve(nodePath).toString();
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
        } catch (IOException e) {
            throw new HostException(name, "cannot start sh: " + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> out = drain(process.getInputStream());
            CompletableFuture<String> err = drain(process.getErrorStream());
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                // End the whole tree: sh may have children that keep the pipes open.
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            return new CommandResult(finished ? process.exitValue() : -1,
                    out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS), took, !finished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new HostException(name, "interrupted while running: " + Shell.abbreviate(command), e);
        } catch (Exception e) {
            throw new HostException(name, "reading output of: " + Shell.abbreviate(command) + ": " + e, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @Override
    public Optional<byte[]> readFile(String path) {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HostException(name, "cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeFile(String path, byte[] content, int mode, String owner) {
        Path target = resolve(path);
        Path dir = target.getParent();
        mkdirsResolved(dir, 0755, path);
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            // Permissions before content: a private key is never readable by others, not even briefly.
            Files.setPosixFilePermissions(tmp, permissions(mode));
            Files.write(tmp, content);
            if (owner != null) {
                chown(tmp, owner);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new HostException(name, "cannot write " + path + ": " + describe(e), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: the original error is what matters
                }
            }
        }
    }

    private void chown(Path p, String owner) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        String[] parts = owner.split(":", 2);
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        if (!parts[0].isEmpty()) {
            view.setOwner(lookup.lookupPrincipalByName(parts[0]));
        }
        if (parts.length == 2 && !parts[1].isEmpty()) {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(parts[1]);
            view.setGroup(group);
        }
    }

    @Override
    public Optional<FileStat> stat(String path) {
        try {
            PosixFileAttributes a = Files.readAttributes(resolve(path), PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            FileStat.Type type = a.isRegularFile() ? FileStat.Type.FILE
                    : a.isDirectory() ? FileStat.Type.DIRECTORY
                    : a.isSymbolicLink() ? FileStat.Type.SYMLINK : FileStat.Type.OTHER;
            return Optional.of(new FileStat(type, mode(a.permissions()), a.size(), a.owner().getName(),
                    a.group().getName(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HostException(name, "cannot stat " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void mkdirs(String path, int mode) {
        mkdirsResolved(resolve(path), mode, path);
    }

    private void mkdirsResolved(Path dir, int mode, String shownPath) {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            mkdirsResolved(parent, 0755, shownPath);
        }
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, permissions(mode));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(dir)) {
                throw new HostException(name, "cannot create directory " + dir + " for " + shownPath
                        + ": a file is in the way");
            }
        } catch (IOException e) {
            throw new HostException(name, "cannot create directory " + dir + " for " + shownPath + ": "
                    + describe(e), e);
        }
    }

    @Override
    public void remove(String path) {
        Path p = resolve(path);
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? Files.walk(p) : Stream.of(p)) {
            for (Path each : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(each);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new HostException(name, "cannot remove " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        // nothing held
    }

    private static String describe(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied (" + e.getMessage() + "); run as root or choose a writable directory";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Permission bits (e.g. 0640) as a set. */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    /** The permission bits of a set, e.g. 0644. */
    public static int mode(Set<PosixFilePermission> perms) {
        int mode = 0;
        for (PosixFilePermission p : perms) {
            mode |= switch (p) {
                case OWNER_READ -> 0400; case OWNER_WRITE -> 0200; case OWNER_EXECUTE -> 0100;
                case GROUP_READ -> 040; case GROUP_WRITE -> 020; case GROUP_EXECUTE -> 010;
                case OTHERS_READ -> 04; case OTHERS_WRITE -> 02; case OTHERS_EXECUTE -> 01;
            };
        }
        return mode;
    }
}
