package dev.bootstrap.kubeconfig;

import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * An existing kubeconfig file on a node, reduced to what kubeadm compares: the server and CA of the
 * current context's cluster.
 */
public record ExistingKubeconfig(String path, String server, String caPem) {

    /** Reads the file's bytes; a file kubeadm could not use is an error naming it. */
    public static ExistingKubeconfig parse(String path, byte[] content) {
        Config config;
        try {
            config = KubeSerialization.SHARED.unmarshal(new String(content, StandardCharsets.UTF_8), Config.class);
        } catch (RuntimeException e) {
            throw new KubeconfigException(path + ": not a readable kubeconfig: " + e.getMessage(), e);
        }
        if (config == null || config.getCurrentContext() == null || config.getContexts() == null) {
            throw new KubeconfigException(path + ": the kubeconfig has no current-context");
        }
        NamedContext context = config.getContexts().stream().filter(c -> config.getCurrentContext().equals(c.getName()))
                .findFirst().orElseThrow(() -> new KubeconfigException(path + ": current-context \""
                        + config.getCurrentContext() + "\" is not defined in the file"));
        String clusterName = context.getContext() == null ? null : context.getContext().getCluster();
        Optional<Cluster> cluster = config.getClusters() == null ? Optional.empty() : config.getClusters().stream()
                .filter(c -> c.getName().equals(clusterName)).map(NamedCluster::getCluster).findFirst();
        if (cluster.isEmpty()) {
            throw new KubeconfigException(path + ": cluster \"" + clusterName + "\" of the current context is not defined");
        }
        String caData = cluster.get().getCertificateAuthorityData();
        String ca = caData == null ? "" : new String(Base64.getMimeDecoder().decode(caData), StandardCharsets.US_ASCII);
        return new ExistingKubeconfig(path, cluster.get().getServer() == null ? "" : cluster.get().getServer(), ca);
    }

    /** What to do with a file that already exists: kubeadm's reuse rule. */
    public record Decision(boolean reuse, Optional<String> warning) {
    }

    /**
     * Same CA (whitespace-trimmed) => reuse; a different server then only warns. A different CA is an
     * error naming the file: the user must remove it (or fix the CA) before init can go on.
     */
    public Decision compare(String expectedServer, String expectedCaPem) {
        if (!caPem.strip().equals(expectedCaPem.strip())) {
            throw new KubeconfigException("a kubeconfig file \"" + path + "\" exists already but has got the wrong CA "
                    + "cert; remove it (or restore the matching CA) and run again");
        }
        if (!server.equals(expectedServer)) {
            return new Decision(true, Optional.of("a kubeconfig file \"" + path
                    + "\" exists already but has an unexpected API Server URL: expected: " + expectedServer
                    + ", got: " + server));
        }
        return new Decision(true, Optional.empty());
    }
}
