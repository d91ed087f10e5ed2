package dev.bootstrap.prepare;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.PrepareSpec;
import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.runtime.Registries;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.Optional;

/**
 * What prepare makes of one node: the cluster's settings and the node's role.
 *
 * @param binaries the verified {@code spec.prepare.binaries}, or empty to install from packages
 */
public record PrepareTarget(PrepareSpec spec, ClusterConfiguration cluster, Registries registries, ClusterFile.Cni cni,
                            boolean controlPlane, ServiceManager services, Optional<Binaries> binaries,
                            TemplateRenderer renderer) {

    /** A node of {@code file}; {@code binaries} verified once for all nodes. */
    public static PrepareTarget of(ClusterFile file, boolean controlPlane, Optional<Binaries> binaries,
                                   TemplateRenderer renderer) {
        return new PrepareTarget(file.prepare(), file.kubeadm(), file.registries(), file.addons().cni(), controlPlane,
                file.serviceManager().create(), binaries, renderer);
    }
}
