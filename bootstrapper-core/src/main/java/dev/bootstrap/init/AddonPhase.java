package dev.bootstrap.init;

import dev.bootstrap.apiserver.AddonInstaller;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.manifests.Addons;
import dev.bootstrap.manifests.ControlPlaneFacts;
import java.util.List;

/** addon: CoreDNS and kube-proxy, unless disabled (addon/coredns, addon/kube-proxy can be skipped). */
final class AddonPhase extends ApiPhase {

    @Override
    public String name() {
        return "addon";
    }

    @Override
    public String title() {
        return "Install the CoreDNS and kube-proxy addons";
    }

    @Override
    String wouldDo(InitContext ctx) {
        return "apply the CoreDNS and kube-proxy objects";
    }

    @Override
    List<ObjectApplier.Applied> apply(InitContext ctx) {
        Addons addons = new Addons(ctx.options().templates(), ctx.config(),
                ControlPlaneFacts.proxyVariables(ctx.options().environment()));
        boolean coreDns = !ctx.config().cluster().dns().disabled() && !ctx.options().skips("addon/coredns");
        boolean kubeProxy = !ctx.config().cluster().proxyDisabled() && !ctx.options().skips("addon/kube-proxy");
        return new AddonInstaller(ctx.admin()).install(coreDns ? addons.coreDns() : List.of(),
                kubeProxy ? addons.kubeProxy() : List.of());
    }
}
