package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * kubeadm's upgrade plan for one target version (cmd/kubeadm/app/cmd/upgrade/plan.go): what each component runs
 * on each node and what it would run after the upgrade, the kubelets apart (kubeadm's upgrade leaves their binary
 * to the user), and the rules of the skew policy the upgrade would break. The etcd and CoreDNS targets are the
 * version table's tags for the target's minor, as kubeadm's constants give them (docs/kubeadm-compat.md#images).
 *
 * @param current the cluster's version: its newest API server
 */
public record UpgradePlan(KubernetesVersion current, KubernetesVersion target, List<Row> kubelets,
                          List<Row> components, List<SkewPolicy.Violation> violations) {

    /** One line of kubeadm's table; {@code node} is empty for the addons, which run cluster-wide. */
    public record Row(String component, String node, String current, String target) {
    }

    public static UpgradePlan of(RunningComponents running, KubernetesVersion target, SkewPolicy.Allow allow) {
        SkewPolicy.ClusterVersions versions = running.versions();
        List<SkewPolicy.Violation> violations = SkewPolicy.check(versions, target, allow);
        KubernetesVersion current = versions.apiServers().isEmpty() ? null : versions.newestApiServer();
        List<Row> kubelets = new ArrayList<>();
        versions.kubelets().forEach((node, v) -> kubelets.add(new Row("kubelet", node, v.toString(), target.toString())));
        // A target outside the table has no etcd or CoreDNS tags; the SUPPORTED violation says why.
        VersionTable.Release release = VersionTable.supports(target) ? VersionTable.of(target) : null;
        List<Row> components = new ArrayList<>();
        for (String component : RunningComponentsReader.STATIC_PODS) {
            String wanted = component.equals("etcd") ? (release == null ? "?" : release.etcdTag()) : target.imageTag();
            for (Map.Entry<String, String> e : running.staticPods().getOrDefault(component, Map.of()).entrySet()) {
                components.add(new Row(component, e.getKey(), e.getValue(), wanted));
            }
        }
        running.kubeProxy().ifPresent(tag -> components.add(new Row("kube-proxy", "", tag, target.imageTag())));
        running.coreDns().ifPresent(tag -> components.add(new Row("CoreDNS", "", tag,
                release == null ? "?" : release.coreDnsTag())));
        return new UpgradePlan(current, target, kubelets, components, violations);
    }

    /**
     * The targets kubeadm's {@code upgrade plan} offers without a version, from the version table only: the newest
     * known patch of the cluster's minor (when newer than it) and of the next minor.
     */
    public static List<KubernetesVersion> candidates(KubernetesVersion current) {
        List<KubernetesVersion> out = new ArrayList<>();
        VersionTable.newestPatch(current.minor())
                .filter(p -> KubernetesVersion.RELEASE_ORDER.compare(p, current) > 0).ifPresent(out::add);
        VersionTable.newestPatch(current.minor() + 1).ifPresent(out::add);
        return out;
    }

    /** Whether the upgrade may go ahead: no rule broken, or with {@code force} no mandatory one. */
    public boolean allowed(boolean force) {
        return SkewPolicy.blocking(violations, force).isEmpty();
    }
}
