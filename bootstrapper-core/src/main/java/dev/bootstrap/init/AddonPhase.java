package dev.bootstrap.init;

import dev.bootstrap.apiserver.AddonInstaller;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.manifests.Addons;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.phases.PhaseSpec;
import java.util.List;

/** addon: CoreDNS and kube-proxy, unless disabled (addon/coredns, addon/kube-proxy can be skipped). */
final class AddonPhase extends ApiPhase {

    private static final String COREDNS = "coredns";
    private static final String KUBE_PROXY = "kube-proxy";
    static final PhaseSpec SPEC = PhaseSpec.of("addon", "Install the CoreDNS and kube-proxy addons")
            .withSubPhases(List.of(COREDNS, KUBE_PROXY));

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    String wouldDo(InitContext ctx) {
        return "apply the CoreDNS and kube-proxy objects";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) {
        Addons addons = new Addons(ctx.options().templates(), ctx.config(),
                ControlPlaneFacts.proxyVariables(ctx.options().environment()));
        boolean coreDns = !ctx.config().cluster().dns().disabled() && !ctx.options().skipPhases().skips(SPEC, COREDNS);
        boolean kubeProxy = !ctx.config().cluster().proxyDisabled() && !ctx.options().skipPhases().skips(SPEC, KUBE_PROXY);
        return new AddonInstaller(ctx.admin()).install(coreDns ? addons.coreDns() : List.of(),
                kubeProxy ? addons.kubeProxy() : List.of());
    }
}
