package dev.bootstrap.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real etcd started with the exact command line of a generated etcd.yaml, node paths moved
 * under a root directory (the hostPath volumes), and checked with the real etcdctl. Stops by PID.
 */
public final class EtcdProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private EtcdProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** The container command with every node path under a hostPath volume moved under {@code root}. */
    public static List<String> remapped(Pod pod, Path root) {
        Container c = pod.getSpec().getContainers().get(0);
        List<String> command = new ArrayList<>();
        for (String arg : c.getCommand()) {
            String mapped = arg;
            for (Volume v : pod.getSpec().getVolumes()) {
                String path = v.getHostPath().getPath();
                mapped = mapped.replace("=" + path, "=" + root + path);
            }
            command.add(mapped);
        }
        return command;
    }

    /**
     * Tests share this machine's 127.0.0.1, where kubeadm's manifest also listens (client 2379, metrics 2381):
     * the etcd gets its node address there instead, as separate machines would not clash.
     */
    public static Pod ownLoopback(Pod pod, String address) {
        List<String> command = pod.getSpec().getContainers().get(0).getCommand().stream()
                .map(arg -> arg.startsWith("--listen-client-urls=") || arg.startsWith("--listen-metrics-urls=")
                        ? arg.replace("127.0.0.1:", address + ":") : arg).toList();
        pod.getSpec().getContainers().get(0).setCommand(new ArrayList<>(command));
        return pod;
    }

    /**
     * The STAND-IN's part: Debian's etcd 3.4 runs where kubeadm runs etcd 3.6/3.7, so the two etcd 3.6 flag names
     * kubeadm writes are given in 3.4's spelling (EtcdManifestLabTest names exactly the flags 3.4 rejects; the lab's
     * kubelet-standin.sh maps the same two).
     */
    public static final Map<String, String> ETCD_34_SPELLINGS = Map.of(
            "--feature-gates=InitialCorruptCheck=true", "--experimental-initial-corrupt-check=true",
            "--watch-progress-notify-interval=5s", "--experimental-watch-progress-notify-interval=5s");

    /**
     * Starts etcd from the manifest, its etcd 3.6 flag names in 3.4's spelling ({@link #ETCD_34_SPELLINGS}) and
     * 3.4's zap logger flags added to silence its deprecation warning.
     */
    public static EtcdProcess start(Pod pod, Path root) throws Exception {
        List<String> command = new ArrayList<>(remapped(pod, root).stream()
                .map(arg -> ETCD_34_SPELLINGS.getOrDefault(arg, arg)).toList());
        if (!command.get(0).equals("etcd")) {
            throw new IllegalArgumentException("not an etcd command: " + command.get(0));
        }
        command.set(0, Requirements.requireTool("etcd").toString());
        command.addAll(List.of("--logger=zap", "--log-outputs=stderr"));
        Path log = root.resolve("etcd.log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new EtcdProcess(p, log);
    }

    /** Polls {@code etcdctl endpoint health} with the given client certificate; true once healthy. */
    public boolean awaitHealthy(String endpoint, Path caCert, Path cert, Path key) throws Exception {
        String etcdctl = Requirements.requireTool("etcdctl").toString();
        for (int i = 0; i < 100 && process.isAlive(); i++) {
            ProcessBuilder check = new ProcessBuilder(etcdctl, "--endpoints", endpoint, "--cacert", caCert.toString(),
                    "--cert", cert.toString(), "--key", key.toString(), "--dial-timeout", "2s", "endpoint", "health")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            check.environment().put("ETCDCTL_API", "3");
            Process health = check.start();
            if (health.waitFor(30, TimeUnit.SECONDS) && health.exitValue() == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    public String log() throws java.io.IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        Processes.stop(process);
    }
}
