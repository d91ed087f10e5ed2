package dev.bootstrap.testing.lab;

import dev.bootstrap.testing.Requirements;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a lab node needs for bootstrap's prepare to run on it for real: the kernel stand-in (resource
 * /lab/kernel-standin.sh: the node's own /proc/swaps, /proc/modules and /proc/sys/net, changed by modprobe,
 * swapoff and swapon stand-ins, since the nodes share this machine's kernel), the lab's service commands
 * (/lab/lab-service.sh: the REAL containerd, or the kubelet stand-in), and a node without a container runtime.
 */
public final class LabPrepare {

    public static final String SERVICE = "/usr/local/bin/lab-service";
    public static final String KERNEL = "/usr/local/bin/kernel-standin";
    /** Debian's containerd and runc packages put these where every lab node sees them. */
    private static final List<String> RUNTIME = List.of("/usr/bin/containerd", "/usr/bin/containerd-shim-runc-v2",
            "/usr/bin/ctr", "/usr/sbin/runc", "/usr/bin/containerd-shim", "/usr/bin/containerd-shim-runc-v1",
            "/usr/bin/containerd-stress");
    /** Debian's containernetworking-plugins. */
    private static final Path CNI = Path.of("/usr/lib/cni");

    private LabPrepare() {
    }

    /** Installs the stand-ins on the node and takes its container runtime away. */
    public static void install(Lab lab, LabNode node) {
        KubeletStandIn.install(lab, node);
        copy(lab, node, "/lab/kernel-standin.sh", KERNEL);
        copy(lab, node, "/lab/lab-service.sh", SERVICE);
        lab.ssh(node, KERNEL + " install && rm -f " + String.join(" ", RUNTIME));
    }

    /** The cluster file's serviceManager block (indented for spec) that uses the lab's service commands. */
    public static String serviceManager(String upstream) {
        return "  serviceManager:\n    type: commands\n    start: API_UPSTREAM=" + upstream + " " + SERVICE
                + " start\n    stop: " + SERVICE + " stop\n    status: " + SERVICE + " status\n";
    }

    /**
     * A spec.prepare.binaries directory made from Debian's containerd, runc and CNI plugin packages, with a
     * kubelet stand-in that answers --version as {@code kubeletVersion} (there is no kubelet binary here).
     */
    public static Path binaries(Path dir, String kubeletVersion) throws IOException {
        Requirements.requireTool("containerd");
        Requirements.require(Files.isRegularFile(CNI.resolve("loopback")), "Debian's containernetworking-plugins"
                + " is not installed (run scripts/install-test-deps.sh as root)");
        Files.createDirectories(dir.resolve("cni"));
        for (String tool : List.of("/usr/bin/containerd", "/usr/bin/containerd-shim-runc-v2", "/usr/bin/ctr",
                "/usr/sbin/runc")) {
            Files.copy(Path.of(tool), dir.resolve(Path.of(tool).getFileName()));
        }
        for (String plugin : List.of("bridge", "host-local", "portmap", "loopback")) {
            Files.copy(CNI.resolve(plugin), dir.resolve("cni").resolve(plugin));
        }
        Files.writeString(dir.resolve("kubelet"), "#!/bin/sh\n# lab stand-in: the kubelet-standin service runs the "
                + "node\n[ \"$1\" = --version ] && { echo 'Kubernetes " + kubeletVersion + "'; exit 0; }\nexit 1\n");
        StringBuilder sums = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                sums.append(sha256(f)).append("  ").append(dir.relativize(f)).append('\n');
            }
        }
        Files.writeString(dir.resolve("SHA256SUMS"), sums.toString());
        return dir;
    }

    /** Removes the cgroups runc made for containers of the node's containerd (they live in this machine's tree). */
    public static void removeCgroups() throws IOException, InterruptedException {
        new ProcessBuilder("sh", "-c", "for d in /sys/fs/cgroup/*/k8s.io /sys/fs/cgroup/k8s.io; do [ -d \"$d\" ] && "
                + "find \"$d\" -depth -type d -exec rmdir {} + 2>/dev/null; done; true").inheritIO().start().waitFor();
    }

    private static void copy(Lab lab, LabNode node, String resource, String path) {
        String script;
        try (InputStream in = LabPrepare.class.getResourceAsStream(resource)) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.ssh(node, "cat > " + path + " <<'LAB_EOF'\n" + script + "LAB_EOF\nchmod 755 " + path);
    }

    private static String sha256(Path f) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
