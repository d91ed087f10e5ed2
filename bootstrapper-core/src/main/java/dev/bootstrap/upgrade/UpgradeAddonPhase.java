package dev.bootstrap.upgrade;

import dev.bootstrap.apiserver.AddonInstaller;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.manifests.Addons;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.Images;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kubeadm's upgrade addon phase (cmd/kubeadm/app/cmd/phases/upgrade/apply/addons.go, PerformAddonsUpgrade): CoreDNS
 * and kube-proxy for the target release, only once every control plane's kube-apiserver runs this node's image, so
 * whichever control plane upgrades last applies them. An addon whose ConfigMap is missing was skipped at init and
 * stays so.
 */
final class UpgradeAddonPhase implements Phase<UpgradeContext> {

    private static final String COREDNS = "coredns";
    private static final String KUBE_PROXY = "kube-proxy";
    static final PhaseSpec SPEC = PhaseSpec.of("addon", "Upgrade the default kubeadm addons")
            .withSubPhases(List.of(COREDNS, KUBE_PROXY));

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpgradeContext ctx) {
        if (!ctx.controlPlane()) {
            return Outcome.skipped("Skipping phase. Not a control plane node.");
        }
        String image = new Images(ctx.config().cluster()).kubernetes(RunningComponents.API_SERVER);
        List<String> behind = new ArrayList<>();
        for (Pod pod : ctx.client().pods().inNamespace(MirrorPods.NAMESPACE)
                .withLabels(Map.of("component", RunningComponents.API_SERVER)).list().getItems()) {
            boolean upgraded = pod.getSpec().getContainers().stream().anyMatch(c -> image.equals(c.getImage()));
            if (!upgraded) {
                behind.add(pod.getSpec().getNodeName() == null ? pod.getMetadata().getName() : pod.getSpec().getNodeName());
            }
        }
        if (!behind.isEmpty()) {
            return Outcome.skipped("skip upgrade addons because control plane instances " + behind + " have not been "
                    + "upgraded (to " + image + ")");
        }
        boolean coreDns = wanted(ctx, COREDNS);
        boolean kubeProxy = wanted(ctx, KUBE_PROXY);
        if (ctx.dryRun()) {
            return Outcome.unchanged("[dryrun] Would apply" + (coreDns ? " CoreDNS" : "") + (kubeProxy ? " kube-proxy" : "")
                    + (coreDns || kubeProxy ? "" : " no addon"));
        }
        Addons addons = new Addons(ctx.options().templates(), ctx.config(),
                ControlPlaneFacts.proxyVariables(ctx.options().environment()));
        List<HasMetadata> none = List.of();
        List<ObjectApplier.Applied> applied = new AddonInstaller(ctx.client()).install(
                coreDns ? addons.coreDns() : none, kubeProxy ? addons.kubeProxy() : none);
        List<String> left = new ArrayList<>();
        if (!coreDns) {
            left.add("CoreDNS left alone: it is not installed (no ConfigMap kube-system/coredns) or skipped");
        }
        if (!kubeProxy) {
            left.add("kube-proxy left alone: it is not installed (no ConfigMap kube-system/kube-proxy) or skipped");
        }
        return ObjectApplier.Applied.outcome(applied, left.toArray(String[]::new));
    }

    /** Installed at init (its ConfigMap, of the addon's name, exists) and not skipped. */
    private static boolean wanted(UpgradeContext ctx, String addon) {
        return !ctx.options().skipPhases().skips(SPEC, addon)
                && ctx.client().configMaps().inNamespace(MirrorPods.NAMESPACE).withName(addon).get() != null;
    }
}
