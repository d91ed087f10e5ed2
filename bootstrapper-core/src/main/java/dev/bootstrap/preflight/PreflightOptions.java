package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import java.util.Optional;

/**
 * What the checks depend on besides the node's facts.
 *
 * @param target           the Kubernetes version to install (decides the conntrack and crictl checks)
 * @param ignore           --ignore-preflight-errors
 * @param controlPlaneHost the API server address workers will join, when known (their HTTPProxy check)
 * @param cluster          the control-plane settings of the configuration (ports, etcd, CIDRs)
 */
public record PreflightOptions(KubernetesVersion target, IgnoredErrors ignore, Optional<String> controlPlaneHost,
                               ClusterSetup cluster) {

    /** With kubeadm's default cluster settings. */
    public PreflightOptions(KubernetesVersion target, IgnoredErrors ignore, Optional<String> controlPlaneHost) {
        this(target, ignore, controlPlaneHost, ClusterSetup.defaults());
    }

    public static PreflightOptions defaults() {
        return new PreflightOptions(KubernetesVersion.DEFAULT, IgnoredErrors.NONE, Optional.empty());
    }
}
