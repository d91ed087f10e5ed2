package dev.bootstrap.init;

import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.nodefiles.FileReport;
import dev.bootstrap.nodefiles.FileSync;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;
import java.util.ArrayList;
import java.util.List;

/**
 * The etcd and control-plane phases: static-pod manifests in /etc/kubernetes/manifests (0700),
 * written only where they differ from what is there.
 */
final class StaticPodPhase implements Phase<InitContext> {

    static final PhaseSpec ETCD = PhaseSpec.of("etcd", "Generate static Pod manifest file for local etcd",
            Trait.FILES_FROM_CONFIG, Trait.HOLDS_WRITES);
    /** Its sub-phases are kubeadm's: the components without their "kube-" prefix. */
    static final PhaseSpec CONTROL_PLANE = PhaseSpec.of("control-plane", "Generate all static Pod manifest files "
            + "necessary to establish the control plane", Trait.FILES_FROM_CONFIG, Trait.HOLDS_WRITES)
            .withSubPhases(List.of("apiserver", "controller-manager", "scheduler"));

    private final PhaseSpec spec;

    private StaticPodPhase(PhaseSpec spec) {
        this.spec = spec;
    }

    static StaticPodPhase etcd() {
        return new StaticPodPhase(ETCD);
    }

    static StaticPodPhase controlPlane() {
        return new StaticPodPhase(CONTROL_PLANE);
    }

    @Override
    public PhaseSpec spec() {
        return spec;
    }

    @Override
    public Outcome run(InitContext ctx) {
        if (spec == ETCD && ctx.config().cluster().etcd().external() != null) {
            return Outcome.skipped("external etcd: no local etcd manifest");
        }
        NodeLayout pki = ctx.config().cluster().layout();
        // kubeadm's UsingExternalCA: the CA certificate without its key. No CA at all is not one: the
        // manifests name the CA that the certs phase will make.
        boolean externalCa = ctx.files().stat(pki.caCert()).isPresent() && ctx.files().stat(pki.caKey()).isEmpty();
        StaticPods pods = new StaticPods(ctx.options().templates(), ctx.config(),
                ControlPlaneFacts.of(ctx.node(), ctx.options().environment(), externalCa));
        List<RenderedFile> files = new ArrayList<>();
        if (spec == ETCD) {
            files.add(pods.etcd());
        } else {
            for (RenderedFile f : pods.controlPlane()) {
                if (!ctx.options().skipPhases().skips(spec, component(f).replace("kube-", ""))) {
                    files.add(f);
                }
            }
        }
        FileSync.directory(ctx.files(), NodeLayout.MANIFESTS_DIR, 0700);
        FileReport report = new FileReport();
        files.forEach(f -> report.write(ctx.files(), f));
        for (RenderedFile f : files) {
            pods.patches().describe(component(f)).forEach(p -> report.note("patched " + component(f) + " with " + p));
        }
        if (!pods.patches().ignored().isEmpty()) {
            report.note("ignored in patches.directory (no target[suffix][+patchtype].json|yaml name): "
                    + String.join(", ", pods.patches().ignored()));
        }
        return report.outcome();
    }

    /** "kube-apiserver" for /etc/kubernetes/manifests/kube-apiserver.yaml. */
    private static String component(RenderedFile f) {
        return f.path().substring(f.path().lastIndexOf('/') + 1).replace(".yaml", "");
    }
}
