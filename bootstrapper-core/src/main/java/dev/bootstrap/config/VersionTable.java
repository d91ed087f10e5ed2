package dev.bootstrap.config;

import java.util.List;
import java.util.Map;

/**
 * Every per-version difference bootstrap knows for the Kubernetes minors it deploys (1.31 to 1.34),
 * from kubeadm-facts §0. Code asks this table instead of comparing minor versions itself.
 */
public final class VersionTable {

    public static final String WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS = "WaitForAllControlPlaneComponents";
    public static final String CONTROL_PLANE_KUBELET_LOCAL_MODE = "ControlPlaneKubeletLocalMode";
    public static final String NODE_LOCAL_CRI_SOCKET = "NodeLocalCRISocket";

    /** The version used when none is given: the newest 1.34 patch this table was checked against. */
    public static final String DEFAULT_VERSION = "v1.34.1";

    /** A kubeadm feature gate's default, and whether it is locked to that default (GA). */
    public record Gate(boolean enabled, boolean locked) {
    }

    /**
     * What differs per minor.
     *
     * @param etcdTag              kubeadm's SupportedEtcdVersion entry for the minor (its .0 release)
     * @param schedulerLivez       kube-scheduler probes /livez + /readyz (else /healthz, no readiness)
     * @param corefileCacheDisable the Corefile cache block disables success/denial caching of the cluster domain
     * @param probePortNames       static pods declare a "probe-port" container port and probes refer to it;
     *                             CoreDNS probes use its named liveness/readiness ports
     * @param gates                kubeadm feature gates that change what bootstrap writes or waits for
     */
    public record Entry(int minor, String etcdTag, String coreDnsTag, String pauseTag, boolean schedulerLivez,
                        boolean corefileCacheDisable, boolean probePortNames, Map<String, Gate> gates) {

        public boolean gateDefault(String name) {
            Gate gate = gates.get(name);
            return gate != null && gate.enabled();
        }
    }

    private static final Gate OFF = new Gate(false, false);
    private static final Gate ON = new Gate(true, false);
    private static final Gate LOCKED_ON = new Gate(true, true);

    private static final List<Entry> ENTRIES = List.of(
            new Entry(31, "3.5.15-0", "v1.11.3", "3.10", false, false, false, Map.of(
                    WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, OFF, CONTROL_PLANE_KUBELET_LOCAL_MODE, OFF)),
            new Entry(32, "3.5.16-0", "v1.11.3", "3.10", true, true, false, Map.of(
                    WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, OFF, CONTROL_PLANE_KUBELET_LOCAL_MODE, OFF,
                    NODE_LOCAL_CRI_SOCKET, OFF)),
            new Entry(33, "3.5.21-0", "v1.12.0", "3.10", true, true, false, Map.of(
                    WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, ON, CONTROL_PLANE_KUBELET_LOCAL_MODE, ON,
                    NODE_LOCAL_CRI_SOCKET, OFF)),
            new Entry(34, "3.6.4-0", "v1.12.1", "3.10.1", true, true, true, Map.of(
                    WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, LOCKED_ON, CONTROL_PLANE_KUBELET_LOCAL_MODE, ON,
                    NODE_LOCAL_CRI_SOCKET, ON)));

    public static final int OLDEST_MINOR = 31;
    public static final int NEWEST_MINOR = 34;

    private VersionTable() {
    }

    public static boolean supports(KubernetesVersion version) {
        return version.major() == 1 && version.minor() >= OLDEST_MINOR && version.minor() <= NEWEST_MINOR;
    }

    /** The entry of a supported version; callers validate with {@link #supports} first. */
    public static Entry of(KubernetesVersion version) {
        return ENTRIES.stream().filter(e -> version.major() == 1 && e.minor() == version.minor()).findFirst()
                .orElseThrow(() -> new ConfigException("Kubernetes " + version + " is not supported; use v1."
                        + OLDEST_MINOR + ".x to v1." + NEWEST_MINOR + ".x"));
    }

    /** The etcd 3.6 flag names (--feature-gates=InitialCorruptCheck=true, ...) apply from etcd 3.6.0 on. */
    public static boolean etcdUses36Flags(String etcdTag) {
        KubernetesVersion v = KubernetesVersion.parse(etcdTag.replaceFirst("-[0-9]+$", "")).orElse(null);
        return v != null && (v.major() > 3 || (v.major() == 3 && v.minor() >= 6));
    }
}
