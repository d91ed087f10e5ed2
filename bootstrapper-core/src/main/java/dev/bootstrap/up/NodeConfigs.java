package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.InitConfiguration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.NetAddresses;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.config.Taint;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.join.JoinSettings;
import java.time.Duration;
import java.util.List;

/**
 * The per-node kubeadm settings {@code up} derives from the cluster file: the file's node name is the
 * node name, its address the API server's advertise address (when it is an IP), every wait bounded by
 * the run's wait timeout.
 */
final class NodeConfigs {

    private NodeConfigs() {
    }

    /** init's configuration for the first control plane, before the node's facts fill what is left. */
    static KubeadmConfig firstControlPlane(UpRun run, ClusterNode node) {
        InitConfiguration defaults = KubeadmConfig.defaults().init();
        Duration wait = run.options.waitTimeout();
        Timeouts t = Timeouts.DEFAULT;
        Timeouts timeouts = new Timeouts(wait, wait, t.kubernetesAPICall(), t.etcdAPICall(), wait, t.discovery(),
                t.upgradeManifests());
        InitConfiguration init = new InitConfiguration(defaults.bootstrapTokens(), false,
                defaults.nodeRegistration().withName(node.name()),
                NetAddresses.isIp(node.address()) ? defaults.localAPIEndpoint().withAdvertiseAddress(node.address())
                        : defaults.localAPIEndpoint(),
                "", List.of(), "", timeouts);
        return new KubeadmConfig(init, run.file.kubeadm());
    }

    /** How a node other than the first control plane joins. */
    static JoinSettings join(UpRun run, ClusterNode node, boolean controlPlane) {
        NodeRegistration registration = new NodeRegistration(node.name(), NodeRegistration.DEFAULT_CRI_SOCKET,
                controlPlane ? List.of(Taint.CONTROL_PLANE) : List.of(), List.of(), List.of(), "IfNotPresent", true);
        return new JoinSettings(registration, JoinSettings.DEFAULT_CA_CERT_PATH, run.options.waitTimeout(),
                Duration.ofSeconds(1), run.options.ignoredErrors(), false);
    }
}
