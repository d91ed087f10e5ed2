package dev.bootstrap.config;

import static dev.bootstrap.config.KubeadmConfigReaderTest.NO_WARNINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.phases.SkipPhases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpgradeConfigurationTest {

    @TempDir
    Path dir;

    // every field of kubeadm's v1beta4 UpgradeConfiguration, none at its default
    private static final String FULL = """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: UpgradeConfiguration
            apply:
              kubernetesVersion: v1.37.1
              allowExperimentalUpgrades: true
              allowRCUpgrades: true
              certificateRenewal: false
              dryRun: true
              etcdUpgrade: false
              forceUpgrade: true
              ignorePreflightErrors:
              - CoreDNSUnsupportedPlugins
              patches:
                directory: /etc/kubernetes/patches
              printConfig: true
              skipPhases:
              - addon/kube-proxy
              imagePullPolicy: Always
              imagePullSerial: false
            node:
              certificateRenewal: false
              dryRun: true
              etcdUpgrade: false
              ignorePreflightErrors:
              - Swap
              skipPhases:
              - preflight
              patches:
                directory: /etc/kubernetes/node-patches
              imagePullPolicy: Never
              imagePullSerial: false
            plan:
              kubernetesVersion: v1.37.0-rc.1
              allowExperimentalUpgrades: true
              allowRCUpgrades: true
              dryRun: true
              ignorePreflightErrors:
              - all
              printConfig: true
            diff:
              kubernetesVersion: 1.36.2
              contextLines: 0
            timeouts:
              upgradeManifests: 10m0s
              kubernetesAPICall: 30s
            """;

    private Path write(String text) {
        try {
            return Files.writeString(dir.resolve("upgrade.yaml"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private UpgradeConfiguration read(String text) {
        return KubeadmConfigReader.readUpgrade(write(text));
    }

    private String errorOf(String text) {
        return assertThrows(ConfigException.class, () -> read(text)).getMessage();
    }

    private static Optional<KubernetesVersion> version(String text) {
        return Optional.of(KubernetesVersion.require(text));
    }

    @Test
    void readsEveryField() {
        UpgradeConfiguration c = read(FULL);
        UpgradeConfiguration.Apply apply = c.apply();
        assertEquals(version("v1.37.1"), apply.kubernetesVersion());
        assertTrue(apply.allowExperimentalUpgrades());
        assertTrue(apply.allowRCUpgrades());
        assertFalse(apply.certificateRenewal());
        assertTrue(apply.dryRun());
        assertFalse(apply.etcdUpgrade());
        assertTrue(apply.forceUpgrade());
        assertEquals(List.of("CoreDNSUnsupportedPlugins"), apply.ignorePreflightErrors());
        assertEquals("/etc/kubernetes/patches", apply.patchesDirectory());
        assertTrue(apply.printConfig());
        assertEquals(List.of("addon/kube-proxy"), apply.skipPhases().values());
        assertEquals("Always", apply.imagePullPolicy());
        assertFalse(apply.imagePullSerial());

        UpgradeConfiguration.Node node = c.node();
        assertFalse(node.certificateRenewal());
        assertTrue(node.dryRun());
        assertFalse(node.etcdUpgrade());
        assertEquals(List.of("Swap"), node.ignorePreflightErrors());
        assertEquals(List.of("preflight"), node.skipPhases().values());
        assertEquals("/etc/kubernetes/node-patches", node.patchesDirectory());
        assertEquals("Never", node.imagePullPolicy());
        assertFalse(node.imagePullSerial());

        assertEquals(new UpgradeConfiguration.Plan(version("v1.37.0-rc.1"), true, true, true, List.of("all"), true),
                c.plan());
        assertEquals(new UpgradeConfiguration.Diff(version("v1.36.2"), 0), c.diff());
        assertEquals(Duration.ofMinutes(10), c.timeouts().upgradeManifests());
        assertEquals(Duration.ofSeconds(30), c.timeouts().kubernetesAPICall());
        assertEquals(Timeouts.DEFAULT.etcdAPICall(), c.timeouts().etcdAPICall());
    }

    @Test
    void anEmptyApplyGivesKubeadmsDefaults() {
        for (String apply : List.of("apply:\n", "apply: {}\n")) {
            UpgradeConfiguration c = read("apiVersion: kubeadm.k8s.io/v1beta4\nkind: UpgradeConfiguration\n" + apply);
            assertEquals(new UpgradeConfiguration.Apply(Optional.empty(), false, false, true, false, true, false,
                    List.of(), "", false, SkipPhases.NONE, "IfNotPresent", true), c.apply());
            assertEquals(new UpgradeConfiguration.Node(true, false, true, List.of(), SkipPhases.NONE,
                    "", "IfNotPresent", true), c.node());
            assertEquals(new UpgradeConfiguration.Plan(Optional.empty(), false, false, false, List.of(), false), c.plan());
            assertEquals(new UpgradeConfiguration.Diff(Optional.empty(), 3), c.diff());
            assertEquals(Timeouts.DEFAULT, c.timeouts());
            assertEquals(Duration.ofMinutes(5), c.timeouts().upgradeManifests());
            assertEquals(UpgradeConfiguration.DEFAULTS, c);
        }
    }

    @Test
    void unknownFieldNamesFileLineAndPath() {
        String msg = errorOf(FULL.replace("  forceUpgrade: true", "  force: true"));
        assertTrue(msg.startsWith("upgrade.yaml:10: UpgradeConfiguration.apply.force: unknown field \"force\" (known "
                + "fields: allowExperimentalUpgrades, allowRCUpgrades, certificateRenewal, dryRun, etcdUpgrade, "
                + "forceUpgrade, ignorePreflightErrors, "), msg);
        // node has no kubernetesVersion, plan no etcdUpgrade (v1beta4 as released)
        assertTrue(errorOf(FULL.replace("node:\n", "node:\n  kubernetesVersion: v1.37.1\n"))
                .startsWith("upgrade.yaml:21: UpgradeConfiguration.node.kubernetesVersion: unknown field"));
        assertTrue(errorOf(FULL.replace("plan:\n", "plan:\n  etcdUpgrade: true\n"))
                .startsWith("upgrade.yaml:33: UpgradeConfiguration.plan.etcdUpgrade: unknown field"));
        assertTrue(errorOf(FULL + "reset: {}\n").startsWith("upgrade.yaml:46: UpgradeConfiguration.reset: unknown field"));
    }

    @Test
    void badVersionNamesFileLineAndPath() {
        assertEquals("upgrade.yaml:4: UpgradeConfiguration.apply.kubernetesVersion: \"stable-1\" is not a Kubernetes "
                + "version such as " + VersionTable.DEFAULT_VERSION + " (labels like stable-1 are not resolved offline)",
                errorOf(FULL.replace("kubernetesVersion: v1.37.1", "kubernetesVersion: stable-1")));
        assertTrue(errorOf(FULL.replace("v1.37.0-rc.1", "v1.37"))
                .startsWith("upgrade.yaml:33: UpgradeConfiguration.plan.kubernetesVersion: \"v1.37\" is not a Kubernetes"));
        assertTrue(errorOf(FULL.replace("1.36.2", "next"))
                .startsWith("upgrade.yaml:41: UpgradeConfiguration.diff.kubernetesVersion: \"next\" is not a Kubernetes"));
        // a version bootstrap does not deploy is read: upgrade.SkewPolicy judges the target against the cluster
        assertEquals(version("v1.40.0"), read(FULL.replace("v1.37.1", "v1.40.0")).apply().kubernetesVersion());
    }

    @Test
    void badImagePullPolicyNamesFileLineAndPath() {
        assertEquals("upgrade.yaml:18: UpgradeConfiguration.apply.imagePullPolicy: \"Sometimes\" is not one of Always, "
                + "IfNotPresent, Never", errorOf(FULL.replace("imagePullPolicy: Always", "imagePullPolicy: Sometimes")));
        assertEquals("upgrade.yaml:30: UpgradeConfiguration.node.imagePullPolicy: \"never\" is not one of Always, "
                + "IfNotPresent, Never", errorOf(FULL.replace("imagePullPolicy: Never", "imagePullPolicy: never")));
    }

    @Test
    void negativeContextLinesNamesFileLineAndPath() {
        assertEquals("upgrade.yaml:42: UpgradeConfiguration.diff.contextLines: \"-1\" is not a number of lines (0 or more)",
                errorOf(FULL.replace("contextLines: 0", "contextLines: -1")));
        assertEquals(7, read(FULL.replace("contextLines: 0", "contextLines: 7")).diff().contextLines());
        assertTrue(errorOf(FULL.replace("contextLines: 0", "contextLines: three"))
                .startsWith("upgrade.yaml:42: UpgradeConfiguration.diff.contextLines: expected an integer"));
    }

    @Test
    void otherFieldsAreCheckedAsInitChecksThem() {
        assertTrue(errorOf(FULL.replace("directory: /etc/kubernetes/patches", "directory: patches"))
                .startsWith("upgrade.yaml:14: UpgradeConfiguration.apply.patches.directory: \"patches\" is not an absolute path"));
        assertTrue(errorOf(FULL.replace("- preflight", "- Preflight"))
                .startsWith("upgrade.yaml:27: UpgradeConfiguration.node.skipPhases[0]: \"Preflight\" is not a phase name"));
        assertTrue(errorOf(FULL.replace("  dryRun: true\n  etcdUpgrade", "  dryRun: yes please\n  etcdUpgrade"))
                .startsWith("upgrade.yaml:8: UpgradeConfiguration.apply.dryRun: expected true or false"));
        assertTrue(errorOf(FULL.replace("upgradeManifests: 10m0s", "upgradeManifests: 10 minutes"))
                .startsWith("upgrade.yaml:44: UpgradeConfiguration.timeouts.upgradeManifests: \"10 minutes\" is not a valid duration"));
    }

    @Test
    void anotherKubeadmKindInTheFileIsAnError() {
        String join = "---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\ndiscovery: {}\n";
        assertEquals("upgrade.yaml:48: kind: unexpected kind \"JoinConfiguration\" (expected UpgradeConfiguration): "
                + "reconfiguring a cluster through upgrade --config is not supported", errorOf(FULL + join));
        String cluster = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n---\n";
        assertTrue(errorOf(cluster + FULL).startsWith("upgrade.yaml:2: kind: unexpected kind \"ClusterConfiguration\""));
        assertTrue(errorOf(FULL + "---\n" + FULL).startsWith("upgrade.yaml:48: kind: a second UpgradeConfiguration"));
        assertTrue(errorOf(FULL + "---\napiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n")
                .startsWith("upgrade.yaml:48: kind: KubeletConfiguration documents are not supported yet"));
    }

    @Test
    void v1beta3HasNoUpgradeConfiguration() {
        assertEquals("upgrade.yaml:1: UpgradeConfiguration.apiVersion: \"kubeadm.k8s.io/v1beta3\" has no "
                + "UpgradeConfiguration (it is new in kubeadm.k8s.io/v1beta4); use apiVersion: kubeadm.k8s.io/v1beta4",
                errorOf(FULL.replace("v1beta4", "v1beta3")));
        assertTrue(errorOf(FULL.replace("v1beta4", "v1beta5"))
                .startsWith("upgrade.yaml:1: UpgradeConfiguration.apiVersion: \"kubeadm.k8s.io/v1beta5\" is not supported"));
    }

    @Test
    void anEmptyFileIsAnErrorNotDefaults() {
        for (String text : List.of("", "# nothing\n", "---\n")) {
            assertEquals("upgrade.yaml: no configuration document (expected kind UpgradeConfiguration with apiVersion "
                    + "kubeadm.k8s.io/v1beta4)", errorOf(text));
        }
        assertTrue(errorOf("kind: UpgradeConfiguration\n").startsWith("upgrade.yaml:1: (document): \"apiVersion\" is required"));
    }

    @Test
    void configValidateReadsItBesideTheOtherKindsAndMigrateRefusesIt() {
        String init = "apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n---\n";
        KubeadmConfigFile file = KubeadmConfigReader.readAny(write(init + FULL), NO_WARNINGS);
        assertEquals(read(FULL), file.upgrade().orElseThrow());
        assertTrue(file.init().isPresent());
        assertTrue(file.join().isEmpty());
        // alone, it brings no init configuration with it
        KubeadmConfigFile alone = KubeadmConfigReader.readAny(write(FULL), NO_WARNINGS);
        assertTrue(alone.init().isEmpty());
        assertTrue(alone.upgrade().isPresent());
        String msg = assertThrows(ConfigException.class,
                () -> KubeadmConfigReader.readAny(write(FULL.replace("contextLines: 0", "contextLines: -2")), NO_WARNINGS))
                .getMessage();
        assertTrue(msg.startsWith("upgrade.yaml:42: UpgradeConfiguration.diff.contextLines:"), msg);
        // v1beta3 has no UpgradeConfiguration to convert
        msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readForMigration(write(FULL))).getMessage();
        assertTrue(msg.startsWith("upgrade.yaml:2: kind: unexpected kind \"UpgradeConfiguration\" (expected "
                + "InitConfiguration or ClusterConfiguration or JoinConfiguration)"), msg);
        // and an upgrade file is not an init or join file
        msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readInit(write(FULL), InitFlags.NONE,
                NO_WARNINGS)).getMessage();
        assertTrue(msg.startsWith("upgrade.yaml:2: kind: unexpected kind \"UpgradeConfiguration\""), msg);
    }

    @Test
    void aV1beta3ClusterTimeoutStaysOutOfTheUpgradeDocument() {
        String cluster = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.36.0\n"
                + "apiServer:\n  timeoutForControlPlane: 9m0s\n---\n";
        KubeadmConfigFile file = KubeadmConfigReader.readAny(write(cluster + FULL), w -> { });
        assertEquals(Duration.ofMinutes(9), file.init().orElseThrow().init().timeouts().controlPlaneComponentHealthCheck());
        assertEquals(Timeouts.DEFAULT.controlPlaneComponentHealthCheck(),
                file.upgrade().orElseThrow().timeouts().controlPlaneComponentHealthCheck());
    }
}
