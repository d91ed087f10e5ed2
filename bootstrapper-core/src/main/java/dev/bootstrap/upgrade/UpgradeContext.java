package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.NodeKubeconfig;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What the upgrade phases of one node share: the node (reads, tunnels), where changes go ({@link #files()}: the
 * node, or a dry-run stand-in), the options, whether it is a control plane (kubeadm: its kube-apiserver manifest
 * exists), the client (admin.conf on a control plane, the kubelet's kubelet.conf on a worker, as kubeadm's upgrade
 * node), the configuration read from the cluster, and this run's backup directories.
 */
public final class UpgradeContext implements AutoCloseable {

    private final Host node;
    private final Host files;
    private final UpgradeOptions options;
    private final boolean controlPlane;
    private final KubernetesClient client;
    private final NodeUpgradeConfig upgrade;
    private final UpgradeBackups backups;
    private final Instant started;

    /** The upgrade of {@code node} with {@code options} (a dry run writes into its directory instead). */
    public static UpgradeContext open(Host node, UpgradeOptions options) {
        return new UpgradeContext(node, options.dryRun() ? new DryRunHost(node, options.dryRunDir()) : node, options,
                Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    UpgradeContext(Host node, Host files, UpgradeOptions options, Instant started) {
        this.node = node;
        this.files = files;
        this.options = options;
        this.started = started;
        this.controlPlane = node.stat(NodeLayout.manifest("kube-apiserver")).isPresent();
        String path = controlPlane ? NodeLayout.ADMIN_CONF : NodeLayout.KUBELET_CONF;
        String source = "[" + node.name() + "] " + path;
        String kubeconfig = NodeKubeconfig.read(node, path).orElseThrow(() -> new UpgradeException(source
                + " is missing: " + (controlPlane ? "a control plane needs it to upgrade (bootstrap init phase "
                + "kubeconfig admin makes it)" : "this node has not joined a cluster")));
        this.client = ClientFactory.fromKubeconfig(kubeconfig, source);
        try {
            this.upgrade = NodeUpgradeConfig.read(client, node, controlPlane, options.target(), options);
        } catch (KubernetesClientException e) {
            client.close();
            throw new UpgradeException(source + ": cannot read the cluster's configuration through the API server at "
                    + client.getMasterUrl() + ": " + causes(e) + "; check that the API server runs and answers there", e);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        this.backups = new UpgradeBackups(files, started);
    }

    /** The messages of an exception and its causes, for a one-line error. */
    static String causes(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(m) < 0) {
                text.append(text.isEmpty() ? "" : ": ").append(m);
            }
        }
        return text.toString();
    }

    public Host node() {
        return node;
    }

    public Host files() {
        return files;
    }

    public UpgradeOptions options() {
        return options;
    }

    public boolean dryRun() {
        return options.dryRun();
    }

    public boolean controlPlane() {
        return controlPlane;
    }

    public KubernetesClient client() {
        return client;
    }

    /** The configuration at the target version, for this node. */
    public KubeadmConfig config() {
        return upgrade.config();
    }

    /** The version kubeadm-config held when the run started. */
    public KubernetesVersion clusterVersion() {
        return upgrade.clusterVersion();
    }

    UpgradeBackups backups() {
        return backups;
    }

    Instant started() {
        return started;
    }

    @Override
    public void close() {
        client.close();
    }
}
