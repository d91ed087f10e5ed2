package dev.bootstrap.init;

import dev.bootstrap.kubeconfig.KubeconfigCluster;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.nodefiles.FileSync;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;

/**
 * kubelet-finalize: once the kubelet has a rotating client certificate, point kubelet.conf at it
 * (as kubeadm does) instead of the embedded initial certificate.
 */
final class KubeletFinalizePhase implements Phase<InitContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("kubelet-finalize", "Point kubelet.conf at the kubelet's rotating client certificate", Trait.HOLDS_WRITES);

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) {
        if (ctx.node().stat(NodeLayout.KUBELET_CLIENT_CURRENT).isEmpty()) {
            return Outcome.unchanged("the kubelet has no " + NodeLayout.KUBELET_CLIENT_CURRENT
                    + " yet; kubelet.conf keeps its embedded certificate");
        }
        KubeconfigCluster cluster = KubeconfigCluster.of(ctx.kubeconfig(NodeLayout.KUBELET_CONF),
                NodeLayout.KUBELET_CONF);
        var file = new KubeconfigRenderer(ctx.options().templates()).render(NodeLayout.KUBELET_CONF,
                ctx.config().cluster().clusterName(), cluster.server(),
                new String(cluster.caPem(ctx.files()), StandardCharsets.US_ASCII), "system:node:" + ctx.config().nodeName(),
                KubeconfigRenderer.Credentials.files(NodeLayout.KUBELET_CLIENT_CURRENT,
                        NodeLayout.KUBELET_CLIENT_CURRENT));
        FileSync.Written written = FileSync.write(ctx.files(), file);
        return written.changed() ? Outcome.changed(written.line()) : Outcome.unchanged(written.line());
    }
}
