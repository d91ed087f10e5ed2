package dev.bootstrap.join;

import dev.bootstrap.init.JoiningControlPlaneFiles;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Status;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.List;
import java.util.Map;

/**
 * kubeadm join's control-plane-prepare: download and decrypt kubeadm-certs (with the bootstrap
 * token, over TLS verified against the discovered CA), then write the shared PKI, this node's
 * leaves, kubeconfigs and control-plane manifests.
 */
final class ControlPlanePreparePhase implements Phase<JoinContext> {

    private final TemplateRenderer renderer;
    private final ControlPlaneSettings settings;

    ControlPlanePreparePhase(TemplateRenderer renderer, ControlPlaneSettings settings) {
        this.renderer = renderer;
        this.settings = settings;
    }

    @Override
    public String name() {
        return "control-plane-prepare";
    }

    @Override
    public String title() {
        return "Prepare the machine for serving a control plane";
    }

    @Override
    public Outcome run(JoinContext context) {
        Map<String, byte[]> shared = ControlPlaneCerts.download(context.cluster().client(), settings.certificateKey());
        List<String> lines = files(context).write(shared);
        return new Outcome(JoiningControlPlaneFiles.changed(lines) ? Status.CHANGED : Status.UNCHANGED, lines);
    }

    JoiningControlPlaneFiles files(JoinContext context) {
        return new JoiningControlPlaneFiles(context.host(), context.controlPlaneConfig(settings.advertiseAddress()),
                renderer, settings.environment());
    }
}
