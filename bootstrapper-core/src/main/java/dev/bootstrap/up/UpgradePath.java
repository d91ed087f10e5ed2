package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.KubernetesVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The hops of a rolling upgrade from the version the cluster runs to the file's: kubeadm upgrades one minor at a
 * time, so a file more than one minor ahead needs {@code spec.upgrade.via}, one version per minor in between;
 * bootstrap never picks a patch version itself. Each hop is a whole upgrade of every node.
 */
record UpgradePath(KubernetesVersion running, List<KubernetesVersion> hops) {

    UpgradePath {
        hops = List.copyOf(hops);
    }

    /**
     * @param underWay the hop a stopped run began ({@link UpgradeMarker}), if any
     * @throws ConfigException naming spec.upgrade.via or spec.kubernetesVersion when the hops skip a minor, go back,
     *                         or name a version the file's does not follow
     */
    static UpgradePath of(ClusterFile file, KubernetesVersion running, Optional<KubernetesVersion> underWay) {
        KubernetesVersion wanted = file.kubeadm().kubernetesVersion();
        List<KubernetesVersion> hops = new ArrayList<>();
        KubernetesVersion from = running;
        // A hop a stopped run began is finished first: until it is, some nodes are behind the first control plane.
        if (underWay.isPresent() && KubernetesVersion.RELEASE_ORDER.compare(underWay.get(), wanted) < 0) {
            hops.add(underWay.get());
            from = underWay.get();
        }
        for (KubernetesVersion via : file.upgrade().via()) {
            if (KubernetesVersion.RELEASE_ORDER.compare(via, from) <= 0) {
                continue; // a hop the cluster made already (a run that stopped after it)
            }
            if (KubernetesVersion.RELEASE_ORDER.compare(via, wanted) >= 0) {
                throw new ConfigException("spec.upgrade.via: " + via + " is not below spec.kubernetesVersion " + wanted
                        + "; list only the versions in between");
            }
            hops.add(step(from, via, "spec.upgrade.via: " + via));
            from = via;
        }
        hops.add(step(from, wanted, "spec.kubernetesVersion: " + wanted));
        return new UpgradePath(running, hops);
    }

    private static KubernetesVersion step(KubernetesVersion from, KubernetesVersion to, String where) {
        if (to.minor() > from.minor() + 1) {
            throw new ConfigException(where + " is more than one minor above " + from + ", and kubeadm upgrades one "
                    + "minor at a time: list a v1." + (from.minor() + 1) + ".x version in spec.upgrade.via (each hop is "
                    + "a whole upgrade of every node)");
        }
        return to;
    }

    /** "v1.35.4 -> v1.36.4 -> v1.37.1". */
    String describe() {
        StringBuilder s = new StringBuilder(running.toString());
        hops.forEach(h -> s.append(" -> ").append(h));
        return s.toString();
    }
}
