package dev.bootstrap.init;

import dev.bootstrap.apiserver.AddonInstaller;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.manifests.Addons;
import dev.bootstrap.manifests.ControlPlaneFacts;
import java.util.ArrayList;
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
        AddonInstaller installer = new AddonInstaller(ctx.admin());
        List<ObjectApplier.Applied> applied = new ArrayList<>();
        if (!ctx.config().cluster().dns().disabled() && !ctx.options().skips("addon/coredns")) {
            applied.addAll(installer.coreDns(addons.coreDns()));
        }
        if (!ctx.config().cluster().proxyDisabled() && !ctx.options().skips("addon/kube-proxy")) {
            applied.addAll(installer.kubeProxy(addons.kubeProxy()));
        }
        return applied;
    }
}
