package dev.bootstrap.runtime;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * kubeadm's {@code config images pull} on one node: each image through the node's container runtime, with crictl
 * where the node has it, else with containerd's ctr (Debian 12 packages containerd but no crictl).
 */
public final class ImagesPull {

    /** The tools looked for, in order: the first one found pulls. */
    private static final String FIND_TOOL = "if command -v crictl >/dev/null 2>&1; then echo crictl; "
            + "elif command -v ctr >/dev/null 2>&1; then echo ctr; fi";

    /**
     * One image's outcome.
     *
     * @param error what failed, on which host, and the runtime's own words; empty once pulled
     */
    public record Pulled(String image, Optional<String> error) {
    }

    private final Host host;
    private final PullTool tool;
    private final String criSocket;

    private ImagesPull(Host host, PullTool tool, String criSocket) {
        this.host = host;
        this.tool = tool;
        this.criSocket = criSocket;
    }

    /** With the tool the node has; an error naming the node when it has neither crictl nor ctr. */
    public static ImagesPull on(Host host, String criSocket) {
        String found = host.run(FIND_TOOL, Duration.ofSeconds(30)).stdout().strip();
        return switch (found) {
            case "crictl" -> new ImagesPull(host, PullTool.crictl(criSocket), criSocket);
            case "ctr" -> new ImagesPull(host, PullTool.ctr(criSocket, host.shellPath(ContainerdConfig.HOSTS_DIR)),
                    criSocket);
            default -> throw new HostException(host.name(), "cannot pull images: neither crictl nor ctr is on the "
                    + "node's PATH; install crictl (cri-tools) or containerd");
        };
    }

    public PullTool tool() {
        return tool;
    }

    /** Every image in order, also after one failed; {@code each} hears each outcome as it comes. */
    public List<Pulled> pull(List<String> images, Consumer<Pulled> each) {
        List<Pulled> all = new ArrayList<>();
        for (String image : images) {
            CommandResult r = host.run(tool.pull(image), PullTool.PULL_TIMEOUT);
            Pulled pulled = new Pulled(image, r.ok() ? Optional.empty() : Optional.of("failed to pull image " + image
                    + " on " + host.name() + " with " + tool.name() + " through " + criSocket + ": " + r.why()));
            each.accept(pulled);
            all.add(pulled);
        }
        return all;
    }
}
