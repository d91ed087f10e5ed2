package dev.bootstrap.join;

import dev.bootstrap.host.Host;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import io.fabric8.kubernetes.api.model.Node;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm join's kubelet-start (cmd/kubeadm/app/cmd/phases/join/kubelet.go, runKubeletStartJoinPhase): the TLS
 * bootstrap kubeconfig with the server from cluster-info and the token, the cluster CA, the kubelet's configuration
 * from the kubelet-config ConfigMap and kubeadm-flags.env; then the kubelet is (re)started.
 */
public final class JoinKubeletStartPhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("kubelet-start", "Write the kubelet's bootstrap files and start the kubelet", Trait.HOLDS_WRITES);

    public static final String KUBELET_SERVICE = "kubelet";
    static final String CLUSTER_NAME = "kubernetes";
    static final String BOOTSTRAP_USER = "tls-bootstrap-token-user";

    private final TemplateRenderer renderer;

    public JoinKubeletStartPhase(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) {
        if (context.joinedBefore()) {
            return Outcome.unchanged("already joined: kubelet files and service left as they are");
        }
        String nodeName = context.nodeName();
        refuseReadyNode(context, nodeName);
        ClusterFacts cluster = context.cluster();
        Host host = context.files();
        String ca = new String(cluster.caPem(), StandardCharsets.US_ASCII);
        List<RenderedFile> files = new ArrayList<>();
        files.add(new KubeconfigRenderer(renderer).render(NodeLayout.BOOTSTRAP_KUBELET_CONF, CLUSTER_NAME,
                cluster.server(), ca, BOOTSTRAP_USER, KubeconfigRenderer.Credentials.token(cluster.tlsBootstrapToken())));
        files.add(new RenderedFile(context.settings().caCertPath(), cluster.caPem(), 0644, "discovery"));
        KubeletFiles kubelet = new KubeletFiles(renderer, context.nodeConfig());
        String kubeletConfig = kubelet.joiningNodeConfig(cluster.kubeletConfig(),
                () -> host.stat(KubeletFiles.RESOLVED_RESOLV_CONF).isPresent());
        files.add(new RenderedFile(NodeLayout.KUBELET_CONFIG, kubeletConfig.getBytes(StandardCharsets.UTF_8),
                0644, "ConfigMap kube-system/" + ClusterFacts.KUBELET_CONFIG));
        if (context.nodeConfig().featureEnabled(dev.bootstrap.config.VersionTable.NODE_LOCAL_CRI_SOCKET)) {
            files.add(kubelet.instanceConfig());
        }
        files.add(kubelet.flagsEnv(context.osHostname()));
        host.mkdirs(NodeLayout.KUBELET_DIR, 0700);
        List<String> lines = new ArrayList<>();
        String verb = context.settings().dryRun() ? "would write" : "wrote";
        for (RenderedFile f : files) {
            host.writeFile(f.path(), f.content(), f.mode());
            lines.add(String.format("%s %s (%04o, from %s)", verb, f.path(), f.mode(), f.template()));
        }
        context.services().restart(host, KUBELET_SERVICE);
        lines.add((context.settings().dryRun() ? "would (re)start" : "(re)started") + " the kubelet ("
                + context.services().kind() + ") as node " + nodeName);
        // Under --dry-run nothing changed on the node: the lines say what would have.
        return context.settings().dryRun() ? Outcome.unchanged(lines.toArray(String[]::new))
                : Outcome.changed(lines.toArray(String[]::new));
    }

    /** kubeadm refuses to join a second node under the name of a Ready one (runKubeletStartJoinPhase). */
    private static void refuseReadyNode(JoinContext context, String nodeName) {
        Optional<Node> node = context.cluster().client().node(nodeName);
        boolean ready = node.map(n -> n.getStatus() != null && n.getStatus().getConditions() != null
                && n.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()))).orElse(false);
        if (ready) {
            throw new JoinException("[" + context.node().name() + "] a Node with name \"" + nodeName
                    + "\" and status \"Ready\" already exists in the cluster. You must delete the existing Node or "
                    + "change the name of this new joining Node");
        }
    }
}
