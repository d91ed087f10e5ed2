package dev.bootstrap.config;

import static dev.bootstrap.config.KubeadmConfigReaderTest.NO_WARNINGS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class V1beta3ConversionTest {

    private static final String V1BETA3 = """
            apiVersion: kubeadm.k8s.io/v1beta3
            kind: InitConfiguration
            localAPIEndpoint:
              advertiseAddress: 10.211.0.11
            nodeRegistration:
              name: cp1
              kubeletExtraArgs:
                v: "2"
                node-labels: role=cp
            ---
            apiVersion: kubeadm.k8s.io/v1beta3
            kind: ClusterConfiguration
            kubernetesVersion: v1.36.2
            networking:
              podSubnet: 10.244.0.0/16
            apiServer:
              timeoutForControlPlane: 10m0s
              certSANs: [cp.example]
              extraArgs:
                audit-log-maxage: "30"
                anonymous-auth: "false"
            controllerManager:
              extraArgs:
                bind-address: 0.0.0.0
            scheduler:
              extraArgs: {}
            etcd:
              local:
                extraArgs:
                  listen-metrics-urls: http://0.0.0.0:2381
            """;

    /** What kubeadm's conversion makes of {@link #V1BETA3}: lists sorted by name, the timeout moved. */
    private static final String V1BETA4 = """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: InitConfiguration
            localAPIEndpoint:
              advertiseAddress: 10.211.0.11
            nodeRegistration:
              name: cp1
              kubeletExtraArgs:
              - name: node-labels
                value: role=cp
              - name: v
                value: "2"
            timeouts:
              controlPlaneComponentHealthCheck: 10m0s
            ---
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: ClusterConfiguration
            kubernetesVersion: v1.36.2
            networking:
              podSubnet: 10.244.0.0/16
            apiServer:
              certSANs: [cp.example]
              extraArgs:
              - name: anonymous-auth
                value: "false"
              - name: audit-log-maxage
                value: "30"
            controllerManager:
              extraArgs:
              - name: bind-address
                value: 0.0.0.0
            etcd:
              local:
                extraArgs:
                - name: listen-metrics-urls
                  value: http://0.0.0.0:2381
            """;

    private static final String JOIN = """
            apiVersion: kubeadm.k8s.io/v1beta3
            kind: JoinConfiguration
            nodeRegistration:
              kubeletExtraArgs:
                node-labels: role=worker
            discovery:
              timeout: 2m0s
              bootstrapToken:
                apiServerEndpoint: 10.211.0.11:6443
                token: abcdef.0123456789abcdef
                unsafeSkipCAVerification: true
            """;

    private static String deprecated(String kind) {
        return "your configuration file uses a deprecated API spec: \"kubeadm.k8s.io/v1beta3\" (kind: \"" + kind
                + "\"). Please use 'bootstrap config migrate --old-config old-config-file --new-config "
                + "new-config-file', which will write the new, similar spec using a newer API version.";
    }

    private static KubeadmConfig read(String yaml, List<String> warnings) {
        return KubeadmConfigReader.readInit("kubeadm.yaml", yaml, InitFlags.NONE, warnings::add);
    }

    private static String errorOf(String yaml) {
        return assertThrows(ConfigException.class, () -> read(yaml, new ArrayList<>())).getMessage();
    }

    private static Path write(Path dir, String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    @Test
    void readsIntoTheModelOfItsV1beta4Equivalent() {
        List<String> warnings = new ArrayList<>();
        KubeadmConfig converted = read(V1BETA3, warnings);
        assertEquals(KubeadmConfigReader.readInit("kubeadm.yaml", V1BETA4, InitFlags.NONE, NO_WARNINGS), converted);
        assertEquals(List.of(new Arg("anonymous-auth", "false"), new Arg("audit-log-maxage", "30")),
                converted.cluster().apiServer().component().extraArgs());
        assertEquals(Duration.ofMinutes(10), converted.init().timeouts().controlPlaneComponentHealthCheck());
        assertEquals("RSA-2048", converted.cluster().encryptionAlgorithm());
        assertTrue(converted.init().nodeRegistration().imagePullSerial());
        // once per v1beta3 document, in kubeadm's order (by kind)
        assertEquals(List.of(deprecated("ClusterConfiguration"), deprecated("InitConfiguration")), warnings);
    }

    @Test
    void acceptedWithTheWarningWhereKubeadmStillReadsIt() {
        for (String version : List.of("v1.35.0", "v1.35.5", "v1.36.0", "v1.36.1")) {
            List<String> warnings = new ArrayList<>();
            KubeadmConfig config = read("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                    + "kubernetesVersion: " + version + "\n", warnings);
            assertEquals(version, config.cluster().kubernetesVersion().toString());
            assertEquals(List.of(deprecated("ClusterConfiguration")), warnings, version);
        }
        // a v1beta3 InitConfiguration beside a v1beta4 ClusterConfiguration, as kubeadm allows
        List<String> mixed = new ArrayList<>();
        read(V1BETA3.substring(0, V1BETA3.indexOf("---")) + "---\napiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nkubernetesVersion: v1.35.3\n", mixed);
        assertEquals(List.of(deprecated("InitConfiguration")), mixed);
    }

    @Test
    void refusedFromV137NamingFileLineAndMigrate() {
        String v137 = errorOf(V1BETA3.replace("v1.36.2", "v1.37.0"));
        assertEquals("kubeadm.yaml:11: ClusterConfiguration.apiVersion: \"kubeadm.k8s.io/v1beta3\" was removed in "
                + "Kubernetes v1.37 (the target is v1.37.0); convert the file to kubeadm.k8s.io/v1beta4 with "
                + "'bootstrap config migrate --old-config kubeadm.yaml --new-config NEW'", v137);
        // no version: the default (v1.37.1) is the target
        String byDefault = errorOf("apiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n");
        assertTrue(byDefault.startsWith("kubeadm.yaml:1: InitConfiguration.apiVersion: \"kubeadm.k8s.io/v1beta3\" "
                + "was removed in Kubernetes v1.37 (the target is " + VersionTable.DEFAULT_VERSION + ")"), byDefault);
        assertTrue(byDefault.contains("bootstrap config migrate"), byDefault);
    }

    @Test
    void theKubernetesVersionFlagIsTheTarget() {
        InitFlags v136 = InitFlags.images("v1.36.0", null, null);
        List<String> warnings = new ArrayList<>();
        KubeadmConfigReader.readInit("kubeadm.yaml", V1BETA3.replace("v1.36.2", "v1.37.0"), v136, warnings::add);
        assertEquals(2, warnings.size());
        String refused = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readInit("kubeadm.yaml",
                V1BETA3, InitFlags.images("v1.37.1", null, null), NO_WARNINGS)).getMessage();
        assertTrue(refused.contains("(the target is v1.37.1)"), refused);
    }

    @Test
    void migrateWritesV1beta4ThatReadsBackWithoutWarnings(@TempDir Path dir) throws Exception {
        // migrating is the way out of the refusal: it reads v1beta3 whatever the target
        Path old = write(dir, "old.yaml", V1BETA3.replace("v1.36.2", "v1.37.1"));
        KubeadmConfigFile migrated = KubeadmConfigReader.readForMigration(old);
        assertTrue(migrated.join().isEmpty());
        String yaml = migrated.toYaml();
        assertTrue(yaml.startsWith("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"), yaml);
        assertTrue(yaml.contains("---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"), yaml);
        assertTrue(yaml.contains("\ntimeouts:\n  controlPlaneComponentHealthCheck: 10m0s\n"), yaml);
        assertFalse(yaml.contains("timeoutForControlPlane"), yaml);
        Path migratedFile = dir.resolve("new.yaml");
        Files.writeString(migratedFile, yaml);
        KubeadmConfigFile back = KubeadmConfigReader.readAny(migratedFile, NO_WARNINGS);
        assertEquals(migrated, back);
        assertEquals(yaml, back.toYaml());
        try (var files = Files.list(dir)) {
            assertEquals(2, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void aLoneDocumentMigratesToInitAndCluster(@TempDir Path dir) throws Exception {
        Path old = write(dir, "old.yaml", "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                + "kubernetesVersion: v1.35.2\n");
        String yaml = KubeadmConfigReader.readForMigration(old).toYaml();
        assertEquals(KubeadmConfigReader.readInit("x.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nkubernetesVersion: v1.35.2\n", InitFlags.NONE).toYaml(), yaml);
    }

    @Test
    void migratesAJoinConfiguration(@TempDir Path dir) throws Exception {
        KubeadmConfigFile migrated = KubeadmConfigReader.readForMigration(write(dir, "join.yaml", JOIN));
        assertTrue(migrated.init().isEmpty());
        JoinConfiguration join = migrated.join().orElseThrow();
        assertEquals(Duration.ofMinutes(2), join.timeouts().discovery());
        assertEquals(Duration.ofMinutes(5), join.timeouts().tlsBootstrap());
        assertEquals(List.of(new Arg("node-labels", "role=worker")), join.nodeRegistration().kubeletExtraArgs());
        assertEquals("""
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                caCertPath: /etc/kubernetes/pki/ca.crt
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: 10.211.0.11:6443
                    token: abcdef.0123456789abcdef
                    unsafeSkipCAVerification: true
                  tlsBootstrapToken: abcdef.0123456789abcdef
                nodeRegistration:
                  criSocket: unix:///var/run/containerd/containerd.sock
                  imagePullPolicy: IfNotPresent
                  imagePullSerial: true
                  kubeletExtraArgs:
                  - name: node-labels
                    value: role=worker
                  taints: []
                timeouts:
                  controlPlaneComponentHealthCheck: 4m0s
                  discovery: 2m0s
                  etcdAPICall: 2m0s
                  kubeletHealthCheck: 4m0s
                  kubernetesAPICall: 1m0s
                  tlsBootstrap: 5m0s
                  upgradeManifests: 5m0s
                """, migrated.toYaml());
        Path back = write(dir, "new.yaml", migrated.toYaml());
        assertEquals(join, KubeadmConfigReader.readJoin(back, NO_WARNINGS));
    }

    @Test
    void aV1beta3ClusterGivesTheJoinItsControlPlaneTimeout(@TempDir Path dir) throws Exception {
        String file = V1BETA3 + "---\n" + JOIN.replace("nodeRegistration:", "controlPlane: {}\nnodeRegistration:");
        List<String> warnings = new ArrayList<>();
        KubeadmConfigFile read = KubeadmConfigReader.readAny(write(dir, "all.yaml", file), warnings::add);
        assertEquals(Duration.ofMinutes(10), read.join().orElseThrow().timeouts().controlPlaneComponentHealthCheck());
        assertEquals(List.of(Taint.CONTROL_PLANE), read.join().orElseThrow().nodeRegistration().taints());
        assertEquals(List.of(deprecated("ClusterConfiguration"), deprecated("InitConfiguration"),
                deprecated("JoinConfiguration")), warnings);
        String yaml = KubeadmConfigReader.readForMigration(dir.resolve("all.yaml")).toYaml();
        assertEquals(3, yaml.split("---\n").length);
        assertTrue(yaml.split("---\n")[2].startsWith("apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n"));
    }

    @Test
    void aV1beta3JoinConfigurationAloneTargetsTheDefaultVersion(@TempDir Path dir) throws Exception {
        Path join = write(dir, "join.yaml", JOIN);
        String msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readJoin(join, NO_WARNINGS))
                .getMessage();
        assertTrue(msg.startsWith("join.yaml:1: JoinConfiguration.apiVersion: \"kubeadm.k8s.io/v1beta3\" was removed"),
                msg);
    }

    @Test
    void v1beta4OnlyFieldsAreErrorsNamingThem() {
        String cluster = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.36.0\n";
        assertEquals("kubeadm.yaml:4: ClusterConfiguration.encryptionAlgorithm: unknown field \"encryptionAlgorithm\": "
                + "kubeadm.k8s.io/v1beta3 has no such field (it is new in kubeadm.k8s.io/v1beta4; 'bootstrap config "
                + "migrate' converts the file)", errorOf(cluster + "encryptionAlgorithm: ECDSA-P256\n"));
        assertTrue(errorOf(cluster + "etcd:\n  local:\n    extraEnvs: []\n")
                .startsWith("kubeadm.yaml:6: ClusterConfiguration.etcd.local.extraEnvs: unknown field \"extraEnvs\""));
        assertTrue(errorOf(cluster + "certificateValidityPeriod: 1h\n")
                .startsWith("kubeadm.yaml:4: ClusterConfiguration.certificateValidityPeriod: unknown field"));
        String init = "---\napiVersion: kubeadm.k8s.io/v1beta3\nkind: InitConfiguration\n";
        assertTrue(errorOf(cluster + init + "nodeRegistration:\n  imagePullSerial: false\n")
                .startsWith("kubeadm.yaml:8: InitConfiguration.nodeRegistration.imagePullSerial: unknown field"));
        assertTrue(errorOf(cluster + init + "timeouts: {}\n")
                .startsWith("kubeadm.yaml:7: InitConfiguration.timeouts: unknown field \"timeouts\""));
        // removed before v1beta3, so unknown as in any v1beta4 document
        assertTrue(errorOf(cluster + "dns:\n  type: CoreDNS\n")
                .startsWith("kubeadm.yaml:5: ClusterConfiguration.dns.type: unknown field \"type\""));
    }

    @Test
    void extraArgsMapsAreChecked() {
        String cluster = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\nkubernetesVersion: v1.36.0\n";
        assertEquals("kubeadm.yaml:6: ClusterConfiguration.apiServer.extraArgs.v: expected a string, got the number "
                + "\"2\" (quote it)", errorOf(cluster + "apiServer:\n  extraArgs:\n    v: 2\n"));
        assertTrue(errorOf(cluster + "scheduler:\n  extraArgs:\n  - name: v\n    value: \"2\"\n")
                .startsWith("kubeadm.yaml:6: ClusterConfiguration.scheduler.extraArgs: expected a mapping"));
        // a bad flag name is reported by the v1beta4 reader at the line of the key
        assertTrue(errorOf(cluster + "apiServer:\n  extraArgs:\n    --v: \"2\"\n")
                .startsWith("kubeadm.yaml:6: ClusterConfiguration.apiServer.extraArgs[0].name: \"--v\" is not a flag name"));
        // and a v1beta3 key in a v1beta4 document stays unknown
        assertTrue(errorOf(cluster.replace("v1beta3", "v1beta4") + "apiServer:\n  timeoutForControlPlane: 4m0s\n")
                .contains("ClusterConfiguration.apiServer.timeoutForControlPlane: unknown field"));
    }

    @Test
    void thePublicKeysEcdsaGateIsCopiedAndHonoured() {
        KubeadmConfig config = read("apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n"
                + "kubernetesVersion: v1.35.0\nfeatureGates:\n  PublicKeysECDSA: true\n", new ArrayList<>());
        assertEquals(Map.of("PublicKeysECDSA", true), config.cluster().featureGates());
        assertEquals("RSA-2048", config.cluster().encryptionAlgorithm());
        assertEquals("ECDSA-P256", config.cluster().encryptionAlgorithmType());
        assertTrue(config.toYaml().contains("\nfeatureGates:\n  PublicKeysECDSA: true\n"), config.toYaml());
        // kubeadm 1.37 removed the gate with v1beta3
        assertTrue(errorOf("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"
                + "featureGates:\n  PublicKeysECDSA: true\n").contains("feature gate PublicKeysECDSA was removed in "
                + "Kubernetes v1.37; delete it from featureGates"));
    }

    @Test
    void emptyOrTruncatedFilesAreErrorsNotDefaults(@TempDir Path dir) throws Exception {
        for (String text : List.of("", "# nothing here\n", "---\n")) {
            Path file = write(dir, "empty.yaml", text);
            String msg = assertThrows(ConfigException.class,
                    () -> KubeadmConfigReader.readInit(file, InitFlags.NONE, NO_WARNINGS)).getMessage();
            assertTrue(msg.startsWith("empty.yaml: no configuration document"), msg);
            assertThrows(ConfigException.class, () -> KubeadmConfigReader.readForMigration(file));
            assertThrows(ConfigException.class, () -> KubeadmConfigReader.readAny(file, NO_WARNINGS));
        }
        String cut = "apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\napiServer:\n  extraArgs:\n"
                + "    audit-log-maxage: \"3";
        Path file = write(dir, "cut.yaml", cut);
        String msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readForMigration(file)).getMessage();
        assertTrue(msg.startsWith("cut.yaml:5: invalid YAML"), msg);
        Path headless = write(dir, "headless.yaml", "apiVersion: kubeadm.k8s.io/v1beta3\n");
        msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readForMigration(headless)).getMessage();
        assertTrue(msg.startsWith("headless.yaml:1: (document): \"kind\" is required"), msg);
    }

    @Test
    void unknownKindsAreNamedTogether(@TempDir Path dir) throws Exception {
        Path file = write(dir, "mixed.yaml", JOIN + "---\napiVersion: apps/v1\nkind: Deployment\n---\n"
                + "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ResetConfiguration\n");
        String msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readForMigration(file)).getMessage();
        assertTrue(msg.startsWith("mixed.yaml:14: kind: unknown configuration APIs: apps/v1 Deployment, "
                + "kubeadm.k8s.io/v1beta4 ResetConfiguration"), msg);
    }
}
