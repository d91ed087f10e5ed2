package dev.bootstrap.cli;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.kubeconfig.KubeconfigCluster;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --kubeconfig}: the admin kubeconfig on this machine (a node path under --rootfs). */
final class AdminKubeconfigOption {

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig to talk to the cluster with (default: " + NodeLayout.ADMIN_CONF
                    + ", under --rootfs).")
    Path kubeconfig;

    /** The kubeconfig as read through this machine's Host, with where it came from. */
    record Loaded(LocalHost host, String source, String text) {

        KubernetesClient client() {
            return ClientFactory.fromKubeconfig(text, source);
        }

        KubeconfigCluster cluster() {
            return KubeconfigCluster.of(text, source);
        }
    }

    Loaded load(CommandSpec spec, GlobalOptions global) {
        LocalHost host = NodeFiles.host(global);
        String path = kubeconfig == null ? NodeLayout.ADMIN_CONF
                : NodeFiles.nodePath(spec, global, "--kubeconfig", kubeconfig);
        String source = "[" + host.name() + "] " + path;
        byte[] bytes = host.readFile(path).orElseThrow(() -> new IllegalArgumentException(source
                + ": not found; run this on a control plane or pass --kubeconfig"));
        return new Loaded(host, source, new String(bytes, StandardCharsets.UTF_8));
    }
}
