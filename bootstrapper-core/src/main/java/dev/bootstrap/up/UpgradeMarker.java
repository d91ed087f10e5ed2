package dev.bootstrap.up;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * A file on the first control plane that says a rolling upgrade is under way, and to which version: written before
 * the first node changes, removed once every node runs the version. A run that stopped (even killed) in between
 * leaves it, so the next {@code up} finishes the upgrade (other control planes, kubelets, cordoned nodes) although
 * the first control plane already runs the file's version; without it a converged cluster costs no API call.
 */
final class UpgradeMarker {

    static final String PATH = NodeLayout.BOOTSTRAP_DIR + "/upgrade";

    private UpgradeMarker() {
    }

    static void write(Host first, KubernetesVersion target) {
        first.writeFile(PATH, (target + "\n").getBytes(StandardCharsets.UTF_8), 0600);
    }

    static Optional<KubernetesVersion> read(Host first) {
        return first.readFile(PATH).flatMap(b -> KubernetesVersion.parse(new String(b, StandardCharsets.UTF_8).strip()));
    }

    static void remove(Host first) {
        first.remove(PATH);
    }
}
