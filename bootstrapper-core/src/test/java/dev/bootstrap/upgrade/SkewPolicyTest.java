package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.upgrade.SkewPolicy.Allow;
import dev.bootstrap.upgrade.SkewPolicy.ClusterVersions;
import dev.bootstrap.upgrade.SkewPolicy.Rule;
import dev.bootstrap.upgrade.SkewPolicy.Severity;
import dev.bootstrap.upgrade.SkewPolicy.Violation;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** kubeadm's EnforceVersionPolicies cases (policy.go), plus the two rules bootstrap adds. */
class SkewPolicyTest {

    private static final Allow STABLE_ONLY = new Allow(false, false);

    private static KubernetesVersion v(String text) {
        return KubernetesVersion.require(text);
    }

    private static ClusterVersions cluster(String apiServer, String kubelet) {
        return new ClusterVersions(Map.of("cp1", v(apiServer)), Map.of("cp1", v(kubelet), "w1", v(kubelet)));
    }

    private static List<Rule> rules(List<Violation> violations) {
        return violations.stream().map(Violation::rule).toList();
    }

    @Test
    void theNextMinorAndANewerPatchPass() {
        assertEquals(List.of(), SkewPolicy.check(cluster("v1.35.4", "v1.35.4"), v("v1.36.2"), STABLE_ONLY));
        assertEquals(List.of(), SkewPolicy.check(cluster("v1.36.0", "v1.36.0"), v("v1.36.6"), STABLE_ONLY));
        // kubelets one minor behind the target are within kubeadm's window
        assertEquals(List.of(), SkewPolicy.check(cluster("v1.36.1", "v1.35.9"), v("v1.36.1"), STABLE_ONLY));
    }

    @Test
    void aSkippedMinorIsMandatoryForReleasesAndSkippableForPreReleases() {
        List<Violation> skipped = SkewPolicy.check(cluster("v1.35.4", "v1.35.4"), v("v1.37.1"), STABLE_ONLY);
        assertEquals(List.of(Rule.ONE_MINOR, Rule.KUBELETS_TOO_OLD), rules(skipped));
        assertEquals(Severity.MANDATORY, skipped.get(0).severity());
        assertTrue(skipped.get(0).message().contains("upgrade one minor at a time, first to v1.36.x"),
                skipped.get(0).message());
        assertEquals(List.of(skipped.get(0)), SkewPolicy.blocking(skipped, true), "--force passes only skippable ones");

        List<Violation> alpha = SkewPolicy.check(cluster("v1.35.4", "v1.35.4"), v("v1.37.0-alpha.1"),
                new Allow(true, false));
        assertEquals(Severity.SKIPPABLE, alpha.get(0).severity());
        assertEquals(List.of(), SkewPolicy.blocking(alpha, true));
    }

    @Test
    void noDowngradeNotEvenAPatch() {
        List<Violation> down = SkewPolicy.check(cluster("v1.36.3", "v1.36.3"), v("v1.36.2"), STABLE_ONLY);
        assertEquals(List.of(Rule.NO_DOWNGRADE, Rule.KUBELETS_TOO_NEW), rules(down));
        assertEquals(List.of(Severity.MANDATORY, Severity.MANDATORY), down.stream().map(Violation::severity).toList());
        assertTrue(down.get(1).message().contains("v1.36.3 on cp1, w1"), down.get(1).message());
    }

    @Test
    void mixedApiServersOnlyLetTheStepUnderWayFinish() {
        ClusterVersions mixed = new ClusterVersions(Map.of("cp1", v("v1.36.1"), "cp2", v("v1.35.4"), "cp3",
                v("v1.35.4")), Map.of("cp1", v("v1.35.4")));
        List<Violation> next = SkewPolicy.check(mixed, v("v1.37.1"), STABLE_ONLY);
        assertEquals(Rule.SAME_API_SERVERS, next.get(0).rule());
        assertTrue(next.get(0).message().contains("v1.35.4 on cp2, cp3; v1.36.1 on cp1")
                && next.get(0).message().contains("to v1.36.1"), next.get(0).message());
        assertEquals(List.of(), SkewPolicy.check(mixed, v("v1.36.1"), STABLE_ONLY), "finishing v1.36.1 is fine");
    }

    @Test
    void tooOldKubeletsAreSkippableAndNamed() {
        ClusterVersions cluster = new ClusterVersions(Map.of("cp1", v("v1.36.2")),
                Map.of("cp1", v("v1.36.2"), "w1", v("v1.35.1"), "w2", v("v1.35.1")));
        List<Violation> found = SkewPolicy.check(cluster, v("v1.37.1"), STABLE_ONLY);
        assertEquals(List.of(Rule.KUBELETS_TOO_OLD), rules(found));
        assertEquals(Severity.SKIPPABLE, found.get(0).severity());
        assertTrue(found.get(0).message().contains("v1.35.1 on w1, w2"), found.get(0).message());

        List<Violation> unknown = SkewPolicy.check(new ClusterVersions(Map.of("cp1", v("v1.36.2")), Map.of()),
                v("v1.37.1"), STABLE_ONLY);
        assertEquals(List.of(Rule.KUBELET_VERSIONS), rules(unknown));
        assertEquals(Severity.SKIPPABLE, unknown.get(0).severity());
    }

    @Test
    void unknownClusterUnsupportedTargetsAndUnallowedPreReleases() {
        assertEquals(List.of(Rule.CLUSTER_VERSION), rules(SkewPolicy.check(new ClusterVersions(Map.of(), Map.of()),
                v("v1.36.1"), STABLE_ONLY)));
        List<Violation> beyond = SkewPolicy.check(cluster("v1.37.1", "v1.37.1"), v("v1.38.0"), STABLE_ONLY);
        assertEquals(List.of(Rule.SUPPORTED), rules(beyond));
        assertEquals(Severity.MANDATORY, beyond.get(0).severity());

        List<Violation> rc = SkewPolicy.check(cluster("v1.36.4", "v1.36.4"), v("v1.37.0-rc.1"), STABLE_ONLY);
        assertEquals(List.of(Rule.STABLE), rules(rc));
        assertEquals(List.of(), SkewPolicy.check(cluster("v1.36.4", "v1.36.4"), v("v1.37.0-rc.1"), new Allow(false, true)));
        assertEquals(List.of(Rule.STABLE), rules(SkewPolicy.check(cluster("v1.36.4", "v1.36.4"),
                v("v1.37.0-beta.0"), new Allow(false, true))), "rc allowance does not cover a beta");
    }
}
