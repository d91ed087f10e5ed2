package dev.bootstrap.init;

import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.patches.Patches;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.Status;
import dev.bootstrap.templates.RenderedFile;
import java.util.ArrayList;
import java.util.List;

/**
 * kubelet-start: the kubelet's config.yaml, kubeadm-flags.env (and instance-config, drop-in), then a
 * (re)start through the service manager when a file changed or the kubelet is not running.
 */
final class KubeletStartPhase implements Phase<InitContext> {

    static final String KUBELET = "kubelet";

    @Override
    public String name() {
        return "kubelet-start";
    }

    @Override
    public String title() {
        return "Write kubelet settings and (re)start the kubelet";
    }

    @Override
    public Outcome run(InitContext ctx) {
        boolean resolved = ctx.node().stat(KubeletFiles.RESOLVED_RESOLV_CONF).isPresent();
        FileSync.directory(ctx.files(), KubeletFiles.KUBELET_DIR, 0700);
        List<String> lines = new ArrayList<>();
        for (RenderedFile f : new KubeletFiles(ctx.options().templates(), ctx.config()).all(ctx.facts().hostname(), resolved)) {
            lines.add(FileSync.write(ctx.files(), f));
        }
        // Only the writes say whether anything changed; the patch lines describe what the files hold.
        boolean changed = FileSync.changed(lines);
        Patches.load(ctx.config().init().patchesDirectory()).describe(Patches.KUBELET_CONFIGURATION)
                .forEach(p -> lines.add("patched " + Patches.KUBELET_CONFIGURATION + " with " + p));
        var services = ctx.options().serviceManager();
        if (changed || ctx.dryRun() || !services.isActive(ctx.node(), KUBELET)) {
            services.restart(ctx.files(), KUBELET);
            lines.add((ctx.dryRun() ? "would restart" : "restarted") + " the kubelet (" + services.kind() + ")");
            changed = true;
        } else {
            lines.add("the kubelet is running with these settings");
        }
        return new Outcome(changed ? Status.CHANGED : Status.UNCHANGED, lines);
    }
}
