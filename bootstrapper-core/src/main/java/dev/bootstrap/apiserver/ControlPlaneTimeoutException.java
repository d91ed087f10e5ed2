package dev.bootstrap.apiserver;

import dev.bootstrap.host.Shell;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The control plane did not come up in time. The message names the host, what each endpoint last
 * said, the likely causes users hit and the commands to look with.
 */
public class ControlPlaneTimeoutException extends RuntimeException {

    /** @param criSocket the node's CRI endpoint (unix:///...), so the crictl command works as printed */
    public ControlPlaneTimeoutException(String host, String criSocket, Duration timeout,
                                        Map<HealthWaiter.Endpoint, String> pending) {
        super(message(host, criSocket, timeout, pending));
    }

    private static String message(String host, String criSocket, Duration timeout,
                                  Map<HealthWaiter.Endpoint, String> pending) {
        String states = pending.entrySet().stream()
                .map(e -> "  - " + e.getKey().name() + " (" + e.getKey().url() + "): " + e.getValue())
                .collect(Collectors.joining("\n"));
        return "[" + host + "] the control plane did not become healthy within " + timeout.toSeconds() + "s:\n"
                + states + "\n"
                + "Likely causes:\n"
                + "  - the kubelet is not running or keeps restarting\n"
                + "  - the container runtime's cgroup driver differs from the kubelet's (systemd); for Docker set\n"
                + "    \"exec-opts\": [\"native.cgroupdriver=systemd\"] in /etc/docker/daemon.json\n"
                + "  - the control-plane images cannot be pulled: try --image-repository with a reachable mirror\n"
                + "    ('bootstrap config images list' shows what is needed)\n"
                + "  - swap is on (swapoff -a, and comment out the swap line in /etc/fstab)\n"
                + "Look on " + host + " with:\n"
                + "  systemctl status kubelet; journalctl -xeu kubelet\n"
                + "  crictl --runtime-endpoint " + Shell.quote(criSocket) + " ps -a\n"
                + "  crictl logs <container id>";
    }
}
