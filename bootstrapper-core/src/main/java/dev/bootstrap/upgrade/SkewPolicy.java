package dev.bootstrap.upgrade;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * kubeadm's version skew policy for an upgrade (cmd/kubeadm/app/phases/upgrade/policy.go,
 * EnforceVersionPolicies, kubernetes@8b56eb8), judged before anything changes: each broken rule is mandatory
 * (never passes) or skippable (passes with --force), as kubeadm splits them. Stricter than kubeadm where the
 * upgrade issue asks for it (docs/kubeadm-compat.md#upgrade-skew-policy): no downgrade at all, and every API
 * server on one version before the next step.
 */
public final class SkewPolicy {

    /** kubeadm's MaximumAllowedMinorVersionUpgradeSkew: one minor per step. */
    static final int UPGRADE_SKEW = 1;
    /** kubeadm's MaximumAllowedMinorVersionKubeletSkew: a kubelet at most this many minors behind the target. */
    static final int KUBELET_SKEW = 1;

    public enum Severity { MANDATORY, SKIPPABLE }

    /** One rule, named as errors name it so that a user can find it in the docs. */
    public enum Rule { CLUSTER_VERSION, SAME_API_SERVERS, SUPPORTED, ONE_MINOR, NO_DOWNGRADE, STABLE, KUBELET_VERSIONS,
        KUBELETS_TOO_OLD, KUBELETS_TOO_NEW }

    /** A broken rule: its severity and what it means for this cluster, with what to do. */
    public record Violation(Rule rule, Severity severity, String message) {

        @Override
        public String toString() {
            return "[" + rule + "] " + message;
        }
    }

    /**
     * What the cluster runs.
     *
     * @param apiServers the version of kube-apiserver's static Pod image on each control plane, by node
     * @param kubelets   each Node's kubelet version; empty when they could not be read
     */
    public record ClusterVersions(Map<String, KubernetesVersion> apiServers, Map<String, KubernetesVersion> kubelets) {

        public ClusterVersions {
            apiServers = Map.copyOf(apiServers);
            kubelets = Map.copyOf(kubelets);
        }

        /** The cluster's version, as kubeadm takes it: the newest API server (phases/upgrade/compute.go). */
        public KubernetesVersion newestApiServer() {
            return apiServers.values().stream().max(KubernetesVersion.RELEASE_ORDER).orElseThrow();
        }
    }

    /** Pre-release targets: kubeadm's --allow-experimental-upgrades and --allow-release-candidate-upgrades. */
    public record Allow(boolean experimental, boolean releaseCandidates) {
    }

    private SkewPolicy() {
    }

    /** Every rule the upgrade of {@code cluster} to {@code target} breaks; empty when it may go ahead. */
    public static List<Violation> check(ClusterVersions cluster, KubernetesVersion target, Allow allow) {
        List<Violation> found = new ArrayList<>();
        if (cluster.apiServers().isEmpty()) {
            found.add(new Violation(Rule.CLUSTER_VERSION, Severity.MANDATORY, "no kube-apiserver static Pod was "
                    + "found on any control plane, so the cluster's version is unknown: check that the control planes "
                    + "run (kubectl -n kube-system get pods -l component=kube-apiserver)"));
            return found;
        }
        KubernetesVersion current = cluster.newestApiServer();
        boolean preRelease = target.suffix().startsWith("-");
        Severity unlessPreRelease = preRelease ? Severity.SKIPPABLE : Severity.MANDATORY;
        Map<KubernetesVersion, List<String>> byVersion = grouped(cluster.apiServers());
        if (byVersion.size() > 1 && KubernetesVersion.RELEASE_ORDER.compare(target, current) != 0) {
            found.add(new Violation(Rule.SAME_API_SERVERS, Severity.MANDATORY, "the API servers run different versions ("
                    + describe(byVersion) + "): finish the step under way first, upgrading the other control planes "
                    + "to " + current + " (bootstrap upgrade node, or bootstrap up with the file at " + current + ")"));
        }
        if (target.major() != 1 || target.minor() < VersionTable.OLDEST_MINOR || target.minor() > VersionTable.NEWEST_MINOR) {
            // Mandatory even for pre-releases (kubeadm lets those pass with --force): without the release's row in the
            // version table there is nothing right to render.
            found.add(new Violation(Rule.SUPPORTED, Severity.MANDATORY, target + " is outside what this bootstrap deploys (v1." + VersionTable.OLDEST_MINOR
                    + ".x to v1." + VersionTable.NEWEST_MINOR + ".x): use a bootstrap that knows " + target));
        }
        if (target.minor() > current.minor() + UPGRADE_SKEW) {
            found.add(new Violation(Rule.ONE_MINOR, unlessPreRelease, target + " is more than " + UPGRADE_SKEW
                    + " minor above the cluster's " + current + ": upgrade one minor at a time, first to v1."
                    + (current.minor() + 1) + ".x, as kubeadm does"));
        }
        if (KubernetesVersion.RELEASE_ORDER.compare(target, current) < 0) {
            found.add(new Violation(Rule.NO_DOWNGRADE, Severity.MANDATORY, target + " is older than the cluster's "
                    + current + ": bootstrap does not downgrade; restore the cluster from its etcd backup instead"));
        }
        if (preRelease && !allow.experimental() && !(target.suffix().startsWith("-rc") && allow.releaseCandidates())) {
            found.add(new Violation(Rule.STABLE, Severity.SKIPPABLE, target + " is a pre-release: allow it with "
                    + "--allow-experimental-upgrades (or --allow-release-candidate-upgrades for an rc)"));
        }
        found.addAll(kubelets(cluster, target));
        return found;
    }

    private static List<Violation> kubelets(ClusterVersions cluster, KubernetesVersion target) {
        if (cluster.kubelets().isEmpty()) {
            return List.of(new Violation(Rule.KUBELET_VERSIONS, Severity.SKIPPABLE, "the kubelets' versions could not be "
                    + "read from the Nodes' status, so their skew is not checked"));
        }
        List<Violation> found = new ArrayList<>();
        Map<String, KubernetesVersion> old = new TreeMap<>(cluster.kubelets());
        old.values().removeIf(v -> target.minor() <= v.minor() + KUBELET_SKEW);
        if (!old.isEmpty()) {
            found.add(new Violation(Rule.KUBELETS_TOO_OLD, Severity.SKIPPABLE, "kubelets more than " + KUBELET_SKEW
                    + " minor below " + target + " (" + describe(grouped(old)) + "): upgrade them first"));
        }
        Map<String, KubernetesVersion> ahead = new TreeMap<>(cluster.kubelets());
        ahead.values().removeIf(v -> KubernetesVersion.RELEASE_ORDER.compare(v, target) <= 0);
        if (!ahead.isEmpty()) {
            found.add(new Violation(Rule.KUBELETS_TOO_NEW, Severity.MANDATORY, "kubelets newer than " + target + " ("
                    + describe(grouped(ahead)) + "): a kubelet must not be newer than its API server"));
        }
        return found;
    }

    /**
     * The violations that still stop the upgrade: all of them, or with {@code force} the mandatory ones only.
     * The caller refuses when this is not empty, naming each, and says that --force passes the skippable ones.
     */
    public static List<Violation> blocking(List<Violation> violations, boolean force) {
        return violations.stream().filter(v -> !force || v.severity() == Severity.MANDATORY).toList();
    }

    private static Map<KubernetesVersion, List<String>> grouped(Map<String, KubernetesVersion> byNode) {
        return byNode.entrySet().stream().collect(Collectors.groupingBy(Map.Entry::getValue,
                () -> new TreeMap<>(KubernetesVersion.RELEASE_ORDER), Collectors.mapping(Map.Entry::getKey, Collectors.toList())));
    }

    private static String describe(Map<KubernetesVersion, List<String>> byVersion) {
        return byVersion.entrySet().stream().map(e -> e.getKey() + " on " + String.join(", ", e.getValue().stream()
                .sorted().toList())).collect(Collectors.joining("; "));
    }
}
