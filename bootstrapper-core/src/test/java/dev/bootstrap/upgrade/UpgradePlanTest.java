package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.upgrade.UpgradePlan.Row;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpgradePlanTest {

    private static final SkewPolicy.Allow STABLE_ONLY = new SkewPolicy.Allow(false, false);

    private static final RunningComponents V135 = new RunningComponents(Map.of(
            "kube-apiserver", Map.of("cp1", "v1.35.4"),
            "kube-controller-manager", Map.of("cp1", "v1.35.4"),
            "kube-scheduler", Map.of("cp1", "v1.35.4"),
            "etcd", Map.of("cp1", "3.6.6-0")),
            Optional.of("v1.35.4"), Optional.of("v1.13.1"),
            Map.of("cp1", KubernetesVersion.require("v1.35.4"), "w1", KubernetesVersion.require("v1.35.4")));

    @Test
    void theNextMinorInKubeadmsRowsWithTheTablesEtcdAndCoreDns() {
        KubernetesVersion target = KubernetesVersion.require("v1.36.2");
        UpgradePlan plan = UpgradePlan.of(V135, target, STABLE_ONLY);
        assertEquals(KubernetesVersion.require("v1.35.4"), plan.current());
        assertTrue(plan.allowed(false), plan.violations().toString());
        String etcd = VersionTable.of(target).etcdTag();
        assertEquals(List.of(new Row("kube-apiserver", "cp1", "v1.35.4", "v1.36.2"),
                new Row("kube-controller-manager", "cp1", "v1.35.4", "v1.36.2"),
                new Row("kube-scheduler", "cp1", "v1.35.4", "v1.36.2"),
                new Row("etcd", "cp1", "3.6.6-0", etcd),
                new Row("kube-proxy", "", "v1.35.4", "v1.36.2"),
                new Row("CoreDNS", "", "v1.13.1", VersionTable.of(target).coreDnsTag())), plan.components());
        assertEquals(List.of("cp1", "w1"), plan.kubelets().stream().map(Row::node).sorted().toList());
        assertTrue(plan.kubelets().stream().allMatch(r -> r.target().equals("v1.36.2") && !r.current().equals(r.target())));
    }

    @Test
    void aSkippedMinorIsPlannedButNotAllowed() {
        UpgradePlan plan = UpgradePlan.of(V135, KubernetesVersion.require("v1.37.1"), STABLE_ONLY);
        assertFalse(plan.allowed(true), "one minor at a time is mandatory");
        assertEquals(SkewPolicy.Rule.ONE_MINOR, plan.violations().get(0).rule());
        assertEquals(6, plan.components().size());
    }
}
