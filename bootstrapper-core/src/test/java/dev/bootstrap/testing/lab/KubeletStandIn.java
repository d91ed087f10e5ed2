package dev.bootstrap.testing.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The lab's kubelet stand-in (resource /lab/kubelet-standin.sh): installed on a node, it is the
 * "kubelet" service of the commands service manager. It runs the node's static pods as far as real
 * parts exist, and starts those whose manifests appear later, as a kubelet does.
 */
public final class KubeletStandIn {

    public static final String PATH = "/usr/local/bin/kubelet-standin";
    /** Where it records PIDs and logs ({@code <component>.pid}, {@code <component>.log}). */
    public static final String STATE = "/run/kubelet-standin";

    private KubeletStandIn() {
    }

    public static void install(Lab lab, LabNode node) {
        String script;
        try (InputStream in = KubeletStandIn.class.getResourceAsStream("/lab/kubelet-standin.sh")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        lab.ssh(node, "cat > " + PATH + " <<'STANDIN_EOF'\n" + script + "STANDIN_EOF\nchmod 755 " + PATH);
    }

    /**
     * The service flags of {@code bootstrap init/join/up} that make it the kubelet; its API server part
     * forwards to the API stand-in at {@code upstream} (host:port).
     */
    public static List<String> serviceFlags(String upstream) {
        return List.of("--service-manager", "commands", "--service-start", "API_UPSTREAM=" + upstream + " " + PATH
                + " start", "--service-stop", PATH + " stop", "--service-status", PATH + " status");
    }

    /** Stops it on the node (ends its watcher and every process it started), if installed. */
    public static void stop(Lab lab, LabNode node) {
        lab.ssh(node, "test ! -x " + PATH + " || " + PATH + " stop");
    }
}
