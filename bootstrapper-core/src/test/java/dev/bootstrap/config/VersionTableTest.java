package dev.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VersionTableTest {

    @Test
    void theConstantsAreTheTablesRowsAndTheDefaultIsTheNewestRow() {
        List<VersionTable.Minor> minors = VersionTable.minors();
        assertEquals(VersionTable.OLDEST_MINOR, minors.get(0).minor());
        assertEquals(VersionTable.NEWEST_MINOR, minors.get(minors.size() - 1).minor());
        for (int i = 1; i < minors.size(); i++) {
            assertEquals(minors.get(i - 1).minor() + 1, minors.get(i).minor(), "one row per minor");
            assertTrue(minors.get(i).endOfLife().isAfter(minors.get(i - 1).endOfLife()));
        }
        assertEquals(KubernetesVersion.require("v1.37.1"), KubernetesVersion.DEFAULT);
        assertEquals(VersionTable.NEWEST_MINOR, KubernetesVersion.DEFAULT.minor());
        assertTrue(VersionTable.supports(KubernetesVersion.require("v1.31.0")));
        assertFalse(VersionTable.supports(KubernetesVersion.require("v1.38.0")));
        assertFalse(VersionTable.supports(KubernetesVersion.require("v1.30.14")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1.34.9|2026-10-27|",
            "v1.34.9|2026-10-28|Kubernetes v1.34.9 is past its end of life (v1.34 ended on 2026-10-27) and gets no more "
                    + "fixes; v1.37 is the newest supported minor (until 2027-10-28), v1.37.1 the default",
            "v1.35.0|2026-12-06|",
            "v1.35.0|2027-03-01|Kubernetes v1.35.0 is past its end of life (v1.35 ended on 2027-02-28) and gets no more "
                    + "fixes; v1.37 is the newest supported minor (until 2027-10-28), v1.37.1 the default",
            "v1.37.1|2026-12-06|"})
    void endOfLifeWarningNamesTheDateAndTheNewestMinor(String version, String today, String warning) {
        assertEquals(Optional.ofNullable(warning),
                VersionTable.endOfLifeWarning(KubernetesVersion.require(version), LocalDate.parse(today)));
    }

    @Test
    void nearestJudgesAVersionPastTheTableByItsNewestRow() {
        assertEquals(37, VersionTable.nearest(KubernetesVersion.require("v1.38.0")).minor().minor());
        assertEquals(31, VersionTable.nearest(KubernetesVersion.require("v1.29.3")).minor().minor());
        assertEquals(KubernetesVersion.require("v1.35.5"),
                VersionTable.nearest(KubernetesVersion.require("v1.35.5")).version());
    }

    private static ClusterConfiguration cluster(String version, String gates) {
        return KubeadmConfigReader.readInit("c.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                + "kubernetesVersion: " + version + "\nfeatureGates:\n" + gates, InitFlags.NONE).cluster();
    }

    @ParameterizedTest
    @CsvSource({"v1.35.0, WaitForAllControlPlaneComponents, v1.35", "v1.36.0, ControlPlaneKubeletLocalMode, v1.36",
            "v1.37.1, NodeLocalCRISocket, v1.37", "v1.37.1, WaitForAllControlPlaneComponents, v1.35"})
    void aRemovedFeatureGateIsRefusedNamingItAndTheRelease(String version, String gate, String removedIn) {
        ConfigException e = assertThrows(ConfigException.class, () -> cluster(version, "  " + gate + ": true\n"));
        assertEquals("c.yaml:5: ClusterConfiguration.featureGates: unrecognized feature-gate key: feature gate " + gate
                + " was removed in Kubernetes " + removedIn + " (its behaviour is always on); delete it from featureGates",
                e.getMessage());
    }

    /** Removed with v1beta3 in 1.37 (PR #136016) without becoming the default: kubeadm 1.37 no longer knows it. */
    @ParameterizedTest
    @CsvSource({"true", "false"})
    void publicKeysEcdsaIsRefusedAsRemovedIn137(boolean value) {
        ConfigException e = assertThrows(ConfigException.class, () -> cluster("v1.37.0", "  PublicKeysECDSA: " + value + "\n"));
        assertEquals("c.yaml:5: ClusterConfiguration.featureGates: unrecognized feature-gate key: feature gate "
                + "PublicKeysECDSA was removed in Kubernetes v1.37; delete it from featureGates (encryptionAlgorithm: "
                + "ECDSA-P256 is its v1beta4 form)", e.getMessage());
        assertEquals("ECDSA-P256", cluster("v1.36.1", "  PublicKeysECDSA: true\n").encryptionAlgorithmType(),
                "known until 1.36");
    }

    @Test
    void removedGatesAreAlwaysOnAndLockedGatesCannotBeTurnedOff() {
        ClusterConfiguration v137 = cluster("v1.37.1", "  {}\n");
        assertTrue(v137.featureEnabled(VersionTable.WAIT_FOR_ALL_CONTROL_PLANE_COMPONENTS));
        assertTrue(v137.featureEnabled(VersionTable.CONTROL_PLANE_KUBELET_LOCAL_MODE));
        assertTrue(v137.featureEnabled(VersionTable.NODE_LOCAL_CRI_SOCKET));
        assertFalse(v137.featureEnabled(VersionTable.PUBLIC_KEYS_ECDSA), "removed, but its behaviour is not the default");
        assertEquals("RSA-2048", v137.encryptionAlgorithmType());
        ConfigException locked = assertThrows(ConfigException.class,
                () -> cluster("v1.36.2", "  NodeLocalCRISocket: false\n"));
        assertTrue(locked.getMessage().endsWith("feature gate NodeLocalCRISocket is GA and locked to true in Kubernetes "
                + "v1.36.2"), locked.getMessage());
        assertFalse(cluster("v1.35.3", "  NodeLocalCRISocket: false\n").featureEnabled(VersionTable.NODE_LOCAL_CRI_SOCKET),
                "beta in 1.35: may be turned off");
        ConfigException unknown = assertThrows(ConfigException.class, () -> cluster("v1.37.1", "  Bogus: true\n"));
        assertTrue(unknown.getMessage().contains("unknown feature gate \"Bogus\" for Kubernetes v1.37.1 (known: none)"),
                unknown.getMessage());
    }
}
