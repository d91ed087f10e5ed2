package dev.bootstrap.init;

import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.nodefiles.FileReport;
import dev.bootstrap.nodefiles.FileSync;
import dev.bootstrap.patches.Patches;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;

/**
 * kubelet-start: the kubelet's config.yaml, kubeadm-flags.env (and instance-config, drop-in), then a
 * (re)start through the service manager when a file changed or the kubelet is not running.
 */
final class InitKubeletStartPhase implements Phase<InitContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("kubelet-start", "Write kubelet settings and (re)start the kubelet", Trait.HOLDS_WRITES);

    static final String KUBELET = "kubelet";

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(InitContext ctx) {
        boolean resolved = ctx.node().stat(KubeletFiles.RESOLVED_RESOLV_CONF).isPresent();
        FileSync.directory(ctx.files(), NodeLayout.KUBELET_DIR, 0700);
        FileReport report = new FileReport();
        for (RenderedFile f : new KubeletFiles(ctx.options().templates(), ctx.config()).all(ctx.facts().hostname(), resolved)) {
            report.write(ctx.files(), f);
        }
        Patches.load(ctx.config().init().patchesDirectory()).describe(Patches.KUBELET_CONFIGURATION)
                .forEach(p -> report.note("patched " + Patches.KUBELET_CONFIGURATION + " with " + p));
        var services = ctx.options().serviceManager();
        if (report.changed() || ctx.dryRun() || !services.isActive(ctx.node(), KUBELET)) {
            services.restart(ctx.files(), KUBELET);
            report.add((ctx.dryRun() ? "would restart" : "restarted") + " the kubelet (" + services.kind() + ")", true);
        } else {
            report.note("the kubelet is running with these settings");
        }
        return report.outcome();
    }
}
