package dev.bootstrap.join;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kubeadm join's control-plane-prepare: download and decrypt kubeadm-certs (with the bootstrap
 * token, over TLS verified against the discovered CA), then write the shared PKI, this node's
 * leaves, kubeconfigs and control-plane manifests.
 */
final class ControlPlanePreparePhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("control-plane-prepare", "Prepare the machine for serving a control plane", Trait.HOLDS_WRITES);

    private final TemplateRenderer renderer;
    private final ControlPlaneSettings settings;

    ControlPlanePreparePhase(TemplateRenderer renderer, ControlPlaneSettings settings) {
        this.renderer = renderer;
        this.settings = settings;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) {
        NodeLayout layout = context.controlPlaneConfig(settings.advertiseAddress()).cluster().layout();
        Optional<Map<String, byte[]>> onNode = ControlPlaneCerts.onNode(context.node(), layout,
                context.cluster().caPem());
        Map<String, byte[]> shared = onNode.orElseGet(() -> download(context, layout));
        List<String> lines = new ArrayList<>();
        if (onNode.isPresent()) {
            lines.add("unchanged shared certificates: already on the node, with the cluster's CA (not downloaded)");
        }
        Outcome written = files(context).write(shared);
        lines.addAll(written.details());
        return new Outcome(written.status(), lines);
    }

    private Map<String, byte[]> download(JoinContext context, NodeLayout layout) {
        if (context.certificateKey().isEmpty()) {
            throw new JoinException("[" + context.node().name() + "] the cluster's shared certificates are not on "
                    + "this node: a certificate key is needed to download them (--certificate-key, printed by "
                    + "'bootstrap init --upload-certs')");
        }
        return ControlPlaneCerts.download(context.cluster().client(), layout, context.certificateKey().get());
    }

    JoiningControlPlaneFiles files(JoinContext context) {
        return new JoiningControlPlaneFiles(context.files(), context.controlPlaneConfig(settings.advertiseAddress()),
                renderer, settings.environment());
    }
}
