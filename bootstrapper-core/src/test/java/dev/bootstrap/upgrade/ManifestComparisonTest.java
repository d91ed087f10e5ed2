package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Manifests are compared as decoded objects: what a kubelet would not see as a change is none. */
class ManifestComparisonTest {

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              creationTimestamp: null
              labels:
                component: kube-scheduler
                tier: control-plane
              name: kube-scheduler
            spec:
              containers:
              - command:
                - kube-scheduler
                - --leader-elect=true
                image: registry.k8s.io/kube-scheduler:v1.36.2
                resources: {}
            status: {}
            """;

    private static boolean same(String a, String b) {
        return ManifestComparison.sameObject(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8), "x");
    }

    @Test
    void keyOrderQuotingAndEmptyFieldsAreNoChange() {
        String reordered = """
                kind: Pod
                apiVersion: "v1"
                metadata:
                  name: kube-scheduler
                  labels: {tier: control-plane, component: kube-scheduler}
                spec:
                  containers:
                  - image: 'registry.k8s.io/kube-scheduler:v1.36.2'
                    command: [kube-scheduler, --leader-elect=true]
                """;
        assertTrue(same(POD, reordered));
    }

    @Test
    void anImageAFlagOrTheirOrderIsAChange() {
        assertFalse(same(POD, POD.replace("v1.36.2", "v1.37.1")));
        assertFalse(same(POD, POD.replace("--leader-elect=true", "--leader-elect=false")));
        assertFalse(same(POD, POD.replace("    - kube-scheduler\n    - --leader-elect=true",
                "    - --leader-elect=true\n    - kube-scheduler")), "arguments are ordered");
    }

    @Test
    void notAManifestIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ManifestComparison.sameObject(
                "- a list".getBytes(StandardCharsets.UTF_8), POD.getBytes(StandardCharsets.UTF_8), "[n1] kube.yaml"));
        assertEquals("[n1] kube.yaml is not a Pod manifest (no YAML mapping)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> same("a: [", POD));
    }

    @Test
    void theUnifiedDiffNamesTheFileAndShowsTheChangeInContext() {
        String diff = ManifestComparison.unifiedDiff("/etc/kubernetes/manifests/kube-scheduler.yaml", POD,
                POD.replace("v1.36.2", "v1.37.1"), 1);
        assertEquals("""
                --- /etc/kubernetes/manifests/kube-scheduler.yaml
                +++ /etc/kubernetes/manifests/kube-scheduler.yaml
                @@ -13,3 +13,3 @@
                     - --leader-elect=true
                -    image: registry.k8s.io/kube-scheduler:v1.36.2
                +    image: registry.k8s.io/kube-scheduler:v1.37.1
                     resources: {}
                """, diff);
        assertEquals("", ManifestComparison.unifiedDiff("p", POD, POD, 3));
    }
}
