package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.KubernetesVersion;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A rolling upgrade goes one minor per hop, through the versions the file names, never picking a patch itself. */
class UpgradePathTest {

    private static final java.nio.file.Path KEY = key();

    private static java.nio.file.Path key() {
        try {
            return java.nio.file.Files.writeString(java.nio.file.Files.createTempFile("id_ed25519", ""),
                    "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ClusterFile file(String version, String via, String maxUnavailable, int workers) {
        StringBuilder nodes = new StringBuilder("    - {name: cp1, address: 10.211.0.11, role: control-plane}\n");
        for (int i = 1; i <= workers; i++) {
            nodes.append("    - {name: w").append(i).append(", address: 10.211.0.").append(20 + i).append(", role: worker}\n");
        }
        return ClusterFileReader.read("cluster.yaml", """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata: {name: lab}
                spec:
                  kubernetesVersion: %s
                  upgrade:
                    via: [%s]
                %s  ssh: {keyFile: %s}
                  nodes:
                %s""".formatted(version, via, maxUnavailable.isEmpty() ? "" : "    maxUnavailable: " + maxUnavailable + "\n",
                KEY, nodes), Map.of());
    }

    private static KubernetesVersion v(String text) {
        return KubernetesVersion.require(text);
    }

    @Test
    void oneMinorIsOneHopAndTheFileNamesTheOnesInBetween() {
        assertEquals(List.of(v("v1.37.1")), UpgradePath.of(file("v1.37.1", "", "", 0), v("v1.36.2"), Optional.empty()).hops());
        UpgradePath two = UpgradePath.of(file("v1.37.1", "v1.36.4", "", 0), v("v1.35.4"), Optional.empty());
        assertEquals(List.of(v("v1.36.4"), v("v1.37.1")), two.hops());
        assertEquals("v1.35.4 -> v1.36.4 -> v1.37.1", two.describe());
        assertEquals(List.of(v("v1.37.1")), UpgradePath.of(file("v1.37.1", "v1.36.4", "", 0), v("v1.36.4"),
                Optional.empty()).hops(), "a hop made already is not made again");
        assertEquals(List.of(v("v1.36.4"), v("v1.37.1")), UpgradePath.of(file("v1.37.1", "v1.36.4", "", 0),
                v("v1.36.4"), Optional.of(v("v1.36.4"))).hops(), "a hop a stopped run began is finished first");
        assertEquals(List.of(v("v1.37.1")), UpgradePath.of(file("v1.37.1", "", "", 0), v("v1.37.1"),
                Optional.of(v("v1.37.1"))).hops(), "the last hop, begun and stopped, is finished");
    }

    @Test
    void aSkippedMinorOrAHopAboveTheFileIsAnErrorNamingTheField() {
        ConfigException skipped = assertThrows(ConfigException.class, () -> UpgradePath.of(file("v1.37.1", "", "", 0),
                v("v1.35.4"), Optional.empty()));
        assertEquals("spec.kubernetesVersion: v1.37.1 is more than one minor above v1.35.4, and kubeadm upgrades one "
                + "minor at a time: list a v1.36.x version in spec.upgrade.via (each hop is a whole upgrade of every "
                + "node)", skipped.getMessage());
        ConfigException above = assertThrows(ConfigException.class, () -> UpgradePath.of(file("v1.36.2", "v1.37.1", "", 0),
                v("v1.35.4"), Optional.empty()));
        assertEquals("spec.upgrade.via: v1.37.1 is not below spec.kubernetesVersion v1.36.2; list only the versions in "
                + "between", above.getMessage());
    }

    @Test
    void workersGoInBatchesOfMaxUnavailable() {
        assertEquals(1, file("v1.37.1", "", "", 3).upgrade().batchSize(3), "1 below 10 workers");
        assertEquals(2, file("v1.37.1", "", "", 12).upgrade().batchSize(12), "10% from 10 workers, rounded up");
        assertEquals(2, file("v1.37.1", "", "2", 3).upgrade().batchSize(3));
        assertEquals(3, file("v1.37.1", "", "50%", 5).upgrade().batchSize(5));
        assertEquals(3, file("v1.37.1", "", "9", 3).upgrade().batchSize(3), "never more than the workers");
    }
}
