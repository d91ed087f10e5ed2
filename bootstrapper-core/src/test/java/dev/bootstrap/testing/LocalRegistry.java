package dev.bootstrap.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1, over plain http, holding one tiny
 * image made here: a single layer with /bin/busybox from busybox-static (umoci), pushed by skopeo under each name
 * a test asks for. Stopped by its PID on close.
 */
public final class LocalRegistry implements AutoCloseable {

    private final Path dir;
    private final Process process;
    private final int port;

    private LocalRegistry(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Skips (or fails under CI) without docker-registry, skopeo, umoci or a busybox binary. */
    public static LocalRegistry start(Path dir) throws Exception {
        Path registry = Requirements.requireTool("docker-registry");
        Requirements.requireTool("skopeo");
        Requirements.requireTool("umoci");
        Path busybox = Requirements.requireTool("busybox");
        int port = freePort();
        Path config = dir.resolve("registry.yaml");
        Files.writeString(config, "version: 0.1\nstorage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data")
                + "\nhttp:\n  addr: 127.0.0.1:" + port + "\n");
        Process process = new ProcessBuilder(registry.toString(), "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        LocalRegistry started = new LocalRegistry(dir, process, port);
        try {
            started.awaitListening();
            started.buildImage(busybox);
            return started;
        } catch (Exception e) {
            started.close();
            throw e;
        }
    }

    /** host:port */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Pushes the image as {@code address()/name} (repository:tag). */
    public void push(String name) throws Exception {
        Commands.runChecked(dir, "skopeo", "copy", "--quiet", "--dest-tls-verify=false", "oci:" + dir.resolve("oci") + ":base",
                "docker://" + address() + "/" + name);
    }

    private void buildImage(Path busybox) throws Exception {
        String layout = dir.resolve("oci").toString();
        Commands.runChecked(dir, "umoci", "init", "--layout", layout);
        Commands.runChecked(dir, "umoci", "new", "--image", layout + ":base");
        Path bundle = dir.resolve("bundle");
        Commands.runChecked(dir, "umoci", "unpack", "--rootless", "--image", layout + ":base", bundle.toString());
        Path bin = Files.createDirectories(bundle.resolve("rootfs/bin"));
        Files.copy(busybox, bin.resolve("busybox"));
        Commands.runChecked(dir, "umoci", "repack", "--image", layout + ":base", bundle.toString());
        Commands.runChecked(dir, "umoci", "config", "--image", layout + ":base", "--config.entrypoint", "/bin/busybox");
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("docker-registry exited: " + Files.readString(dir.resolve("registry.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("docker-registry is not listening on " + address() + " after 20 s");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }
}
