package dev.bootstrap.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The installed containerd (Debian's 1.6) as a private daemon: its root, state and sockets in a test's directory, in
 * its own mount namespace so that nothing it mounts outlives it. Needs root. Stopped by its PID on close.
 */
public final class PrivateContainerd implements AutoCloseable {

    private final Path dir;
    private final Process process;

    private PrivateContainerd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    /** Skips (or fails under CI) without root, containerd, ctr or unshare. */
    public static PrivateContainerd start(Path dir) throws Exception {
        Requirements.requireRoot();
        Path containerd = Requirements.requireTool("containerd");
        Requirements.requireTool("ctr");
        Path unshare = Requirements.requireTool("unshare");
        Path config = dir.resolve("config.toml");
        // Only what keeps it private; the CRI plugin's defaults are a node's.
        Files.writeString(config, "version = 2\nroot = \"" + dir.resolve("root") + "\"\nstate = \"" + dir.resolve("state")
                + "\"\n[grpc]\n  address = \"" + dir.resolve("containerd.sock") + "\"\n[ttrpc]\n  address = \""
                + dir.resolve("containerd.sock.ttrpc") + "\"\n");
        // unshare execs containerd: the PID is containerd's own
        Process process = new ProcessBuilder(unshare.toString(), "--mount", "--propagation", "private",
                containerd.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("containerd.log").toFile()).start();
        PrivateContainerd started = new PrivateContainerd(dir, process);
        try {
            started.awaitAnswering();
            return started;
        } catch (Exception e) {
            started.close();
            throw e;
        }
    }

    public Path socket() {
        return dir.resolve("containerd.sock");
    }

    /** The CRI endpoint URL, as --cri-socket takes it. */
    public String endpoint() {
        return "unix://" + socket();
    }

    /** {@code ctr -n k8s.io images ls -q}: the references of the images the kubelet would see. */
    public String images() throws Exception {
        return Commands.runChecked(dir, "ctr", "-n", "k8s.io", "--address", socket().toString(), "images", "ls", "-q");
    }

    private void awaitAnswering() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("containerd exited: " + Files.readString(dir.resolve("containerd.log")));
            }
            Process version = new ProcessBuilder("ctr", "--address", socket().toString(), "version")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (version.waitFor(10, TimeUnit.SECONDS) && version.exitValue() == 0) {
                return;
            }
            version.destroyForcibly();
            Thread.sleep(100);
        }
        throw new IOException("containerd does not answer on " + socket() + " after 30 s: "
                + Files.readString(dir.resolve("containerd.log")));
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }
}
