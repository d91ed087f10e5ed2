package dev.bootstrap.prepare;

import dev.bootstrap.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code spec.prepare.binaries}: a directory on this machine holding the binaries prepare installs and a
 * SHA256SUMS file (sha256sum's output) naming every one of them. Each file is checked against it once, before
 * any node is touched; an unlisted, missing or different file is an error naming it. Where each lands follows
 * containerd's and kubernetes.io's "without a package manager" layouts: /usr/local/bin, runc in /usr/local/sbin,
 * the CNI plugins (the directory's cni/) in /opt/cni/bin; the kubelet in /usr/bin, where the kubelet drop-in that
 * init and join write (10-kubeadm.conf, as the kubeadm package's) starts it.
 */
public final class Binaries {

    public static final String SUMS = "SHA256SUMS";
    static final String BIN = "/usr/local/bin/";
    static final String CNI_BIN = "/opt/cni/bin/";
    static final String KUBELET = "/usr/bin/kubelet";
    private static final List<String> TOOLS = List.of("containerd", "containerd-shim-runc-v2", "ctr", "crictl",
            "kubectl");
    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64}) [ *](.+)");

    /** One verified file: where it is here, where it goes on a node, its sha256. */
    record Binary(Path source, String nodePath, String sha256) {

        byte[] content() {
            try {
                return Files.readAllBytes(source);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + source + ": " + e.getMessage(), e);
            }
        }
    }

    private final Path dir;
    private final Map<String, Binary> byName;

    private Binaries(Path dir, Map<String, Binary> byName) {
        this.dir = dir;
        this.byName = byName;
    }

    /** Reads and verifies {@code dir}. */
    public static Binaries verify(Path dir) {
        Path sums = dir.resolve(SUMS);
        List<String> lines;
        try {
            lines = Files.readAllLines(sums, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + sums + ": " + e.getMessage());
        }
        Map<String, Binary> byName = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = sums + ":" + (i + 1);
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new ConfigException(where + ": not a sha256sum line (\"<64 hex digits>  <file>\")");
            }
            String name = m.group(2).replaceFirst("^\\./", "");
            String nodePath = nodePath(name).orElseThrow(() -> new ConfigException(where + ": \"" + name
                    + "\" is not a binary prepare installs (" + String.join(", ", TOOLS) + ", kubelet, runc, cni/<plugin>)"));
            Path source = dir.resolve(name);
            String actual = sha256(source, where);
            if (!actual.equalsIgnoreCase(m.group(1))) {
                throw new ConfigException(where + ": " + source + " has sha256 " + actual + ", not the " + m.group(1)
                        + " listed: the file changed or the list is stale");
            }
            byName.put(name, new Binary(source, nodePath, actual));
        }
        try (Stream<Path> files = Files.walk(dir)) {
            Optional<Path> unlisted = files.filter(Files::isRegularFile).filter(f -> !f.equals(sums))
                    .filter(f -> !byName.containsKey(dir.relativize(f).toString())).findFirst();
            if (unlisted.isPresent()) {
                throw new ConfigException(unlisted.get() + " is not in " + sums + ": every binary is verified before "
                        + "it is installed; add its line (sha256sum " + dir.relativize(unlisted.get()) + ")");
            }
        } catch (IOException e) {
            throw new ConfigException("cannot list " + dir + ": " + e.getMessage());
        }
        return new Binaries(dir, byName);
    }

    private static Optional<String> nodePath(String name) {
        if (TOOLS.contains(name)) {
            return Optional.of(BIN + name);
        }
        if (name.equals("kubelet")) {
            return Optional.of(KUBELET);
        }
        if (name.equals("runc")) {
            return Optional.of("/usr/local/sbin/runc");
        }
        if (name.matches("cni/[A-Za-z0-9._-]+")) {
            return Optional.of(CNI_BIN + name.substring(4));
        }
        return Optional.empty();
    }

    private static String sha256(Path file, String where) {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file),
                MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest());
        } catch (IOException e) {
            throw new ConfigException(where + ": cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    Optional<Binary> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The CNI plugins, by node path. */
    List<Binary> cniPlugins() {
        return byName.values().stream().filter(b -> b.nodePath().startsWith(CNI_BIN)).toList();
    }

    /** Every node path a binary of this set goes to. */
    List<String> nodePaths() {
        return byName.values().stream().map(Binary::nodePath).toList();
    }
}
