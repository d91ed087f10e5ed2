package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.InitConfiguration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.config.Taint;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.join.JoinSettings;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.state.Journal;
import java.nio.charset.StandardCharsets;
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
    static KubeadmConfig firstControlPlane(ClusterFile file, ClusterNode node, Duration wait) {
        InitConfiguration defaults = KubeadmConfig.defaults().init();
        Timeouts t = Timeouts.DEFAULT;
        Timeouts timeouts = new Timeouts(wait, wait, t.kubernetesAPICall(), t.etcdAPICall(), wait, t.discovery(),
                t.upgradeManifests());
        InitConfiguration init = new InitConfiguration(defaults.bootstrapTokens(), false,
                defaults.nodeRegistration().withName(node.name()),
                IpAddresses.isIp(node.address()) ? defaults.localAPIEndpoint().withAdvertiseAddress(node.address())
                        : defaults.localAPIEndpoint(),
                "", SkipPhases.NONE, "", timeouts);
        return new KubeadmConfig(init, file.kubeadm());
    }

    /** init's configuration for the node, with what the node's facts decide filled in. */
    static KubeadmConfig firstControlPlane(ClusterFile file, ClusterNode node, Duration wait, NodeFacts facts) {
        return firstControlPlane(file, node, wait).forNode(facts.hostname(), facts.firstIpv4Address());
    }

    /**
     * The journal inputs of the first control plane's steps: its configuration without the waits
     * (a different --wait-timeout changes no file).
     */
    static String initInputs(KubeadmConfig config) {
        InitConfiguration i = config.init();
        KubeadmConfig noWaits = new KubeadmConfig(new InitConfiguration(i.bootstrapTokens(), i.dryRun(),
                i.nodeRegistration(), i.localAPIEndpoint(), i.certificateKey(), i.skipPhases(), i.patchesDirectory(),
                Timeouts.DEFAULT), config.cluster());
        return Journal.sha256(noWaits.toYaml().getBytes(StandardCharsets.UTF_8));
    }

    /** How a node other than the first control plane joins. */
    static JoinSettings join(UpRun run, ClusterNode node, boolean controlPlane) {
        NodeRegistration registration = new NodeRegistration(node.name(), NodeRegistration.DEFAULT_CRI_SOCKET,
                controlPlane ? List.of(Taint.CONTROL_PLANE) : List.of(), List.of(), List.of(), "IfNotPresent", true);
        return new JoinSettings(registration, NodeLayout.DEFAULT.caCert(), run.options.waitTimeout(),
                JoinSettings.POLL_INTERVAL, run.options.ignoredErrors(), false);
    }
}
