package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.ControlPlaneEndpoints;
import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.http.UnverifiedTls;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * kubeadm's upgrade control-plane phase (cmd/kubeadm/app/phases/upgrade/staticpods.go, StaticPodControlPlane) on
 * one control plane: the local etcd first ({@link EtcdUpgrade}), then kube-apiserver, kube-controller-manager and
 * kube-scheduler ({@link StaticPodSwap}); admin.conf's certificate renewed last. A failure puts back every manifest
 * this run swapped (an upgraded etcd stays, as kubeadm's; a failed one rolled itself back), and the error names the
 * backup directory. Workers skip it.
 */
final class ControlPlaneUpgradePhase implements Phase<UpgradeContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("control-plane", "Upgrade the control plane instance deployed on this node");
    static final List<String> COMPONENTS = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpgradeContext ctx) throws InterruptedException {
        if (!ctx.controlPlane()) {
            return Outcome.skipped("Skipping phase. Not a control plane node.");
        }
        boolean externalCa = ctx.node().stat(ctx.config().cluster().layout().caCert()).isPresent()
                && ctx.node().stat(ctx.config().cluster().layout().caKey()).isEmpty();
        StaticPods pods = new StaticPods(ctx.options().templates(), ctx.config(),
                ControlPlaneFacts.of(ctx.node(), ctx.options().environment(), externalCa));
        ComponentCertificates certificates = new ComponentCertificates(ctx.files(), ctx.config(), ctx.started());
        StaticPodSwap swap = new StaticPodSwap(ctx, pods, new MirrorPods(ctx.client(), ctx.config().nodeName()),
                certificates);
        List<String> lines = new ArrayList<>();
        boolean changed = false;
        try {
            changed = new EtcdUpgrade(ctx, swap).run(lines);
            StaticPodSwap.Health health = component -> componentHealth(ctx, component);
            for (String component : COMPONENTS) {
                StaticPodSwap.Result result = swap.upgrade(component, StaticPodSwap.BeforeChange.NOTHING, health);
                lines.addAll(result.lines());
                changed |= result.changed();
            }
        } catch (RuntimeException e) {
            // As kubeadm: an upgraded etcd stays (EtcdUpgrade rolled back itself if it failed).
            List<String> restored = swap.rollBack(COMPONENTS);
            throw new UpgradeException("[" + ctx.node().name() + "] couldn't upgrade the control plane: " + e.getMessage()
                    + (restored.isEmpty() ? "" : "; kubeadm's rollback put the earlier manifests back ("
                    + String.join("; ", restored) + ")") + ". Backups stay in " + NodeLayout.TMP_DIR
                    + "; fix the cause and run the upgrade again", e);
        }
        if (changed && ctx.options().certificateRenewal()) {
            lines.addAll(ctx.dryRun() ? List.of("[dryrun] Would renew the certificate in " + NodeLayout.ADMIN_CONF)
                    : certificates.renew(ComponentCertificates.ADMIN));
        }
        ctx.backups().cleanUp();
        return new Outcome(changed ? Status.CHANGED : Status.UNCHANGED, lines);
    }

    private static List<String> componentHealth(UpgradeContext ctx, String component) throws InterruptedException {
        List<String> lines = new ArrayList<>();
        HealthWaiter.Endpoint endpoint = ControlPlaneEndpoints.of(ctx.config(), component);
        new HealthWaiter(UnverifiedTls.context()).await(ctx.node().name(),
                ctx.config().init().nodeRegistration().criSocketUrl(),
                ControlPlaneEndpoints.forwarded(ctx.node(), List.of(endpoint)),
                ctx.options().timeouts().controlPlaneComponentHealthCheck(), lines::add);
        return lines;
    }
}
