package dev.bootstrap.cluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.prepare}: what {@code up} (and {@code bootstrap prepare}) does to a node before preflight, each item
 * on by default and each one can be turned off.
 *
 * @param enabled       false: nodes are taken as they are (the state before prepare existed)
 * @param swap          swap off now, its fstab lines commented, swap.target masked where systemd runs
 * @param kernelModules overlay and br_netfilter loaded now and at boot (a modules-load.d file of bootstrap's)
 * @param sysctls       forwarding and the bridge keys set now and at boot (a sysctl.d file of bootstrap's)
 * @param extraSysctls  further keys for that file (opt-in), key to value
 * @param selinux       SELinux permissive on nodes that enforce it
 * @param openFirewall  open the needed ports in an active firewalld or ufw; false: list the commands instead
 * @param containerd    install containerd (and runc, the CNI plugins, crictl) where missing, and configure it
 * @param kubelet       install the kubelet where missing, its service, and pin it to the cluster's version
 * @param binaries      a directory on this machine with the binaries and a SHA256SUMS file; empty: the node's
 *                      package manager
 */
public record PrepareSpec(boolean enabled, boolean swap, boolean kernelModules, boolean sysctls,
                          Map<String, String> extraSysctls, boolean selinux, boolean openFirewall, boolean containerd,
                          boolean kubelet, Optional<Path> binaries) {

    public static final PrepareSpec DEFAULT = new PrepareSpec(true, true, true, true, Map.of(), true, false, true,
            true, Optional.empty());
    public static final PrepareSpec OFF = new PrepareSpec(false, false, false, false, Map.of(), false, false, false,
            false, Optional.empty());

    public PrepareSpec {
        extraSysctls = Map.copyOf(extraSysctls);
    }
}
