package dev.bootstrap.config;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every per-version difference bootstrap knows for the Kubernetes minors it deploys (1.31 to 1.37): image
 * tags, the oldest external etcd, the rules kubeadm changed (some of them at a patch release), feature-gate
 * defaults and each minor's support window. Code asks this table instead of comparing versions itself. Where each value comes
 * from is in docs/kubeadm-compat.md.
 */
public final class VersionTable {

    public static final String WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS = "WaitForAllControlPlaneComponents";
    public static final String CONTROL_PLANE_KUBELET_LOCAL_MODE = "ControlPlaneKubeletLocalMode";
    public static final String NODE_LOCAL_CRI_SOCKET = "NodeLocalCRISocket";
    /**
     * Deprecated with v1beta3 and removed with it in 1.37, its behaviour not made the default (encryptionAlgorithm
     * took over); see {@link ClusterConfiguration#encryptionAlgorithmType}.
     */
    public static final String PUBLIC_KEYS_ECDSA = "PublicKeysECDSA";

    /** The version used when none is given: the newest 1.37 patch this table was checked against. */
    public static final String DEFAULT_VERSION = "v1.37.1";

    /**
     * The newest patch release of each minor this table was checked against (docs/kubeadm-compat.md#images): what
     * {@code upgrade plan} without a version offers, never looked up on the network. 1.35.5 (2026-05-12) and
     * 1.36.1 (2026-05-13) from their CHANGELOGs, 1.37.1 (2026-09-15) the default. The end-of-life minors have none.
     */
    private static final Map<Integer, String> NEWEST_PATCHES = Map.of(35, "v1.35.5", 36, "v1.36.1", 37, DEFAULT_VERSION);

    /** The newest patch of {@code minor} this table knows, if any. */
    public static Optional<KubernetesVersion> newestPatch(int minor) {
        return Optional.ofNullable(NEWEST_PATCHES.get(minor)).flatMap(KubernetesVersion::parse);
    }

    /** A rule of kubeadm that holds from some release on (see {@link Minor#rules}). */
    public enum Rule {
        /** kube-scheduler probes /livez + /readyz (else /healthz, no readiness probe). */
        SCHEDULER_LIVEZ,
        /** The Corefile cache block disables success/denial caching of the cluster domain. */
        COREFILE_CACHE_DISABLE,
        /** Static pods declare a "probe-port" container port; CoreDNS probes use named ports. */
        PROBE_PORT_NAMES,
        /** etcd gets its 3.6 flag names whatever its tag (before: only for a tag from 3.6.0 on). */
        ETCD_NEW_FLAG_NAMES,
        /** extraArgs: sorted defaults minus the overridden names, then the user's args in the user's order. */
        USER_ARGS_IN_GIVEN_ORDER,
        /**
         * apiserver-kubelet-client.crt has no Organization; the ClusterRoleBinding
         * kubeadm:apiserver-kubelet-client grants system:kubelet-api-admin instead.
         */
        KUBELET_CLIENT_WITHOUT_ORGANIZATION,
        /** kube-controller-manager has no flexvolume-dir volume. */
        NO_FLEXVOLUME_DIR,
        /** kubeadm-flags.env has no --pod-infra-container-image (the kubelet removed the flag). */
        NO_POD_INFRA_CONTAINER_IMAGE,
        /**
         * The kubelet-config ConfigMap carries no resolvConf; each node's config.yaml gets systemd-resolved's
         * resolv.conf when that node runs it (the patch releases are inferred: docs/kubeadm-compat.md).
         */
        RESOLV_CONF_PER_NODE,
        /** kube-proxy's ConfigMap says {@code mode: iptables} when none is set. */
        KUBE_PROXY_MODE_IPTABLES,
        /** Preflight's Port-* checks bind the configured address, not all addresses. */
        PORT_CHECKS_ON_CONFIGURED_ADDRESS,
        /** Preflight's ContainerRuntimeVersion check (the runtime must answer the CRI RuntimeConfig call). */
        CONTAINER_RUNTIME_VERSION_CHECK,
        /** SystemVerification fails on cgroup v1 for a kubelet from 1.35 on (a warning otherwise). */
        CGROUP_V1_FAILS_NEW_KUBELETS,
        /** kubeadm.k8s.io/v1beta3 is no longer read. */
        V1BETA3_REMOVED
    }

    /** A kubeadm feature gate's state in one minor. */
    public enum Gate {
        OFF, ON, LOCKED_ON,
        /** Gone from kubeadm; its behaviour is always on and setting it is an error. */
        REMOVED,
        /** Gone from kubeadm without becoming the default; setting it is an error. */
        REMOVED_OFF;

        public boolean enabled() {
            return this != OFF && this != REMOVED_OFF;
        }

        public boolean removed() {
            return this == REMOVED || this == REMOVED_OFF;
        }
    }

    /**
     * What kubeadm of one minor writes.
     *
     * @param etcdTag                        kubeadm's etcd image for the minor (its .0 release)
     * @param minExternalEtcdVersion         kubeadm's MinExternalEtcdVersion: the oldest external etcd preflight accepts
     * @param rules                          each rule that holds in this minor, with the first patch it holds from
     * @param runtimeConfigErrorFromKubelet  ContainerRuntimeVersion fails (instead of warning) for a kubelet of
     *                                       this minor or newer; 0 when it only warns
     * @param gates                          kubeadm feature gates that change what bootstrap writes or waits for
     */
    public record Minor(int minor, LocalDate released, LocalDate endOfLife, String etcdTag,
                        String minExternalEtcdVersion, String coreDnsTag,
                        String pauseTag, Map<Rule, Integer> rules, int runtimeConfigErrorFromKubelet,
                        Map<String, Gate> gates) {

        public String name() {
            return "v1." + minor;
        }
    }

    /** One release: its minor's row, and the rules as they stand at its patch. */
    public record Release(KubernetesVersion version, Minor minor) {

        public boolean has(Rule rule) {
            Integer from = minor.rules().get(rule);
            return from != null && version.patch() >= from;
        }

        public String etcdTag() {
            return minor.etcdTag();
        }

        public String coreDnsTag() {
            return minor.coreDnsTag();
        }

        public String pauseTag() {
            return minor.pauseTag();
        }

        public boolean gateDefault(String name) {
            Gate gate = minor.gates().get(name);
            return gate != null && gate.enabled();
        }

        /** The etcd 3.6 flag names (--feature-gates=InitialCorruptCheck=true, ...) for an etcd of this tag. */
        public boolean etcdNewFlagNames(String etcdTag) {
            return has(Rule.ETCD_NEW_FLAG_NAMES) || etcdAtLeast36(etcdTag);
        }
    }

    private static final Gate OFF = Gate.OFF;
    private static final Gate ON = Gate.ON;
    private static final Gate LOCKED_ON = Gate.LOCKED_ON;
    private static final Gate REMOVED = Gate.REMOVED;

    private static final List<Minor> MINORS = List.of(
            new Minor(31, LocalDate.parse("2024-08-13"), LocalDate.parse("2025-10-28"), "3.5.15-0", "3.5.11-0",
                    "v1.11.3", "3.10",
                    rules(), 0,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, OFF, CONTROL_PLANE_KUBELET_LOCAL_MODE, OFF,
                            PUBLIC_KEYS_ECDSA, OFF)),
            new Minor(32, LocalDate.parse("2024-12-11"), LocalDate.parse("2026-02-28"), "3.5.16-0", "3.5.11-0",
                    "v1.11.3", "3.10",
                    rules(Rule.SCHEDULER_LIVEZ, 0, Rule.COREFILE_CACHE_DISABLE, 0, Rule.USER_ARGS_IN_GIVEN_ORDER, 12), 0,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, OFF, CONTROL_PLANE_KUBELET_LOCAL_MODE, OFF,
                            NODE_LOCAL_CRI_SOCKET, OFF,
                            PUBLIC_KEYS_ECDSA, OFF)),
            new Minor(33, LocalDate.parse("2025-04-23"), LocalDate.parse("2026-06-28"), "3.5.21-0", "3.5.11-0",
                    "v1.12.0", "3.10",
                    rules(Rule.SCHEDULER_LIVEZ, 0, Rule.COREFILE_CACHE_DISABLE, 0, Rule.USER_ARGS_IN_GIVEN_ORDER, 8), 0,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, ON, CONTROL_PLANE_KUBELET_LOCAL_MODE, ON,
                            NODE_LOCAL_CRI_SOCKET, OFF,
                            PUBLIC_KEYS_ECDSA, OFF)),
            new Minor(34, LocalDate.parse("2025-08-27"), LocalDate.parse("2026-10-27"), "3.6.4-0", "3.5.11-0",
                    "v1.12.1", "3.10.1",
                    rules(Rule.SCHEDULER_LIVEZ, 0, Rule.COREFILE_CACHE_DISABLE, 0, Rule.PROBE_PORT_NAMES, 0,
                            Rule.USER_ARGS_IN_GIVEN_ORDER, 4), 0,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, LOCKED_ON, CONTROL_PLANE_KUBELET_LOCAL_MODE, ON,
                            NODE_LOCAL_CRI_SOCKET, ON,
                            PUBLIC_KEYS_ECDSA, OFF)),
            new Minor(35, LocalDate.parse("2025-12-17"), LocalDate.parse("2027-02-28"), "3.6.6-0", "3.5.24-0",
                    "v1.13.1", "3.10.1",
                    rules(Rule.SCHEDULER_LIVEZ, 0, Rule.COREFILE_CACHE_DISABLE, 0, Rule.PROBE_PORT_NAMES, 0,
                            Rule.USER_ARGS_IN_GIVEN_ORDER, 1, Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION, 5,
                            Rule.NO_POD_INFRA_CONTAINER_IMAGE, 0, Rule.RESOLV_CONF_PER_NODE, 10,
                            Rule.CONTAINER_RUNTIME_VERSION_CHECK, 0, Rule.CGROUP_V1_FAILS_NEW_KUBELETS, 0), 0,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, REMOVED, CONTROL_PLANE_KUBELET_LOCAL_MODE, LOCKED_ON,
                            NODE_LOCAL_CRI_SOCKET, ON,
                            PUBLIC_KEYS_ECDSA, OFF)),
            new Minor(36, LocalDate.parse("2026-04-22"), LocalDate.parse("2027-06-28"), "3.6.8-0", "3.5.24-0",
                    "v1.14.2", "3.10.2",
                    rules(Rule.SCHEDULER_LIVEZ, 0, Rule.COREFILE_CACHE_DISABLE, 0, Rule.PROBE_PORT_NAMES, 0,
                            Rule.ETCD_NEW_FLAG_NAMES, 0, Rule.USER_ARGS_IN_GIVEN_ORDER, 0,
                            Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION, 1, Rule.NO_FLEXVOLUME_DIR, 0,
                            Rule.NO_POD_INFRA_CONTAINER_IMAGE, 0, Rule.RESOLV_CONF_PER_NODE, 6,
                            Rule.CONTAINER_RUNTIME_VERSION_CHECK, 0, Rule.CGROUP_V1_FAILS_NEW_KUBELETS, 0), 37,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, REMOVED, CONTROL_PLANE_KUBELET_LOCAL_MODE, REMOVED,
                            NODE_LOCAL_CRI_SOCKET, LOCKED_ON,
                            PUBLIC_KEYS_ECDSA, OFF)),
            new Minor(37, LocalDate.parse("2026-08-26"), LocalDate.parse("2027-10-28"), "3.7.0-0", "3.5.24-0",
                    "v1.14.6", "3.10.2",
                    rules(Rule.SCHEDULER_LIVEZ, 0, Rule.COREFILE_CACHE_DISABLE, 0, Rule.PROBE_PORT_NAMES, 0,
                            Rule.ETCD_NEW_FLAG_NAMES, 0, Rule.USER_ARGS_IN_GIVEN_ORDER, 0,
                            Rule.KUBELET_CLIENT_WITHOUT_ORGANIZATION, 0, Rule.NO_FLEXVOLUME_DIR, 0,
                            Rule.NO_POD_INFRA_CONTAINER_IMAGE, 0, Rule.RESOLV_CONF_PER_NODE, 2, Rule.KUBE_PROXY_MODE_IPTABLES, 0,
                            Rule.PORT_CHECKS_ON_CONFIGURED_ADDRESS, 0, Rule.CONTAINER_RUNTIME_VERSION_CHECK, 0,
                            Rule.CGROUP_V1_FAILS_NEW_KUBELETS, 0, Rule.V1BETA3_REMOVED, 0), 38,
                    Map.of(WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS, REMOVED, CONTROL_PLANE_KUBELET_LOCAL_MODE, REMOVED,
                            NODE_LOCAL_CRI_SOCKET, REMOVED,
                            PUBLIC_KEYS_ECDSA, Gate.REMOVED_OFF)));

    /** The first and last row's minor (constants, so that annotations can name them; a test holds them to the rows). */
    public static final int OLDEST_MINOR = 31;
    public static final int NEWEST_MINOR = 37;

    private VersionTable() {
    }

    /** Rule, first patch, rule, first patch, ... */
    private static Map<Rule, Integer> rules(Object... ruleAndPatch) {
        Map<Rule, Integer> rules = new EnumMap<>(Rule.class);
        for (int i = 0; i < ruleAndPatch.length; i += 2) {
            rules.put((Rule) ruleAndPatch[i], (Integer) ruleAndPatch[i + 1]);
        }
        return rules;
    }

    public static List<Minor> minors() {
        return MINORS;
    }

    public static boolean supports(KubernetesVersion version) {
        return version.major() == 1 && version.minor() >= OLDEST_MINOR && version.minor() <= NEWEST_MINOR;
    }

    /** The release of a supported version; callers validate with {@link #supports} first. */
    public static Release of(KubernetesVersion version) {
        return MINORS.stream().filter(m -> version.major() == 1 && m.minor() == version.minor()).findFirst()
                .map(m -> new Release(version, m))
                .orElseThrow(() -> new ConfigException("Kubernetes " + version + " is not supported; use v1."
                        + OLDEST_MINOR + ".x to v1." + NEWEST_MINOR + ".x"));
    }

    /**
     * The release judged by the nearest minor's rules: a version past the table (which preflight only warns
     * about) is judged as the newest minor, one before it as the oldest.
     */
    public static Release nearest(KubernetesVersion version) {
        int minor = Math.max(OLDEST_MINOR, Math.min(NEWEST_MINOR, version.major() == 1 ? version.minor() : NEWEST_MINOR));
        return of(new KubernetesVersion(1, minor, version.minor() == minor ? version.patch() : 0, ""));
    }

    /** What took over from a gate removed without becoming the default, in the configuration's own words. */
    private static final Map<String, String> REMOVED_GATE_SUCCESSORS = Map.of(PUBLIC_KEYS_ECDSA,
            "encryptionAlgorithm: ECDSA-P256");

    /** The v1beta4 field that replaced a removed feature gate, if one did. */
    public static Optional<String> gateSuccessor(String gate) {
        return Optional.ofNullable(REMOVED_GATE_SUCCESSORS.get(gate));
    }

    /** The minor in which kubeadm removed a feature gate, if this table knows it as removed. */
    public static Optional<Minor> gateRemovedIn(String gate) {
        return MINORS.stream().filter(m -> m.gates().getOrDefault(gate, Gate.OFF).removed()).findFirst();
    }

    /**
     * A warning for a version whose minor is past its end of life on {@code today}, naming the date and the
     * newest minor still in support; empty while the minor is supported.
     */
    public static Optional<String> endOfLifeWarning(KubernetesVersion version, LocalDate today) {
        Minor minor = of(version).minor();
        if (!today.isAfter(minor.endOfLife())) {
            return Optional.empty();
        }
        Minor newest = MINORS.get(MINORS.size() - 1);
        return Optional.of("Kubernetes " + version + " is past its end of life (" + minor.name() + " ended on "
                + minor.endOfLife() + ") and gets no more fixes; " + newest.name() + " is the newest supported minor ("
                + "until " + newest.endOfLife() + "), " + DEFAULT_VERSION + " the default");
    }

    /** etcd from 3.6.0 on knows the new flag names; 3.7 knows only them. */
    static boolean etcdAtLeast36(String etcdTag) {
        KubernetesVersion v = KubernetesVersion.parse(etcdTag.replaceFirst("-[0-9]+$", "")).orElse(null);
        return v != null && (v.major() > 3 || (v.major() == 3 && v.minor() >= 6));
    }
}
