package dev.bootstrap.runtime;

import dev.bootstrap.host.Shell;
import java.time.Duration;

/**
 * A command-line client that pulls images into a node's container runtime. crictl speaks CRI, as kubeadm does
 * (ImagesPull in cmd/kubeadm/app/util/runtime), so the runtime applies its own registry configuration. containerd's
 * ctr does not go through the CRI plugin: it is told the hosts directory ({@link ContainerdConfig#HOSTS_DIR}, where
 * spec.registries' hosts.toml files are) and the CRI plugin's namespace k8s.io, outside which the kubelet sees no
 * image.
 *
 * @param name   crictl or ctr
 * @param prefix the client with its connection options, ready for a verb
 * @param pullArgs what goes between the prefix and the image to pull one
 */
public record PullTool(String name, String prefix, String pullArgs) {

    /** One image may be large and the registry slow: ended only after this long. */
    public static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    /** @param criSocket the runtime endpoint URL (unix:///...) */
    public static PullTool crictl(String criSocket) {
        return new PullTool("crictl", "crictl --runtime-endpoint " + Shell.quote(criSocket), "pull");
    }

    /**
     * @param criSocket containerd's endpoint URL or socket path; ctr 1.x takes a path only
     * @param hostsDir  the hosts directory as the node's shell sees it ({@code Host#shellPath})
     */
    public static PullTool ctr(String criSocket, String hostsDir) {
        return new PullTool("ctr", "ctr -n k8s.io --address " + Shell.quote(criSocket.replaceFirst("^unix://", "")),
                "images pull --hosts-dir " + Shell.quote(hostsDir));
    }

    /** crictl: the pull goes through CRI, and the runtime applies its own registry configuration. */
    public boolean viaCri() {
        return name.equals("crictl");
    }

    public String pull(String image) {
        return command(pullArgs) + " " + Shell.quote(image);
    }

    /** The client with {@code args} (already quoted where needed) after its connection options. */
    public String command(String args) {
        return prefix + " " + args;
    }
}
