package dev.bootstrap.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeadmConfigReaderTest {

    static final Consumer<String> NO_WARNINGS = warning -> fail("unexpected warning: " + warning);

    private static final String CLUSTER = """
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: InitConfiguration
            localAPIEndpoint:
              advertiseAddress: 10.211.0.11
              bindPort: 6443
            nodeRegistration:
              name: cp1
              taints: []
            ---
            apiVersion: kubeadm.k8s.io/v1beta4
            kind: ClusterConfiguration
            kubernetesVersion: v1.33.2
            networking:
              podSubnet: 10.244.0.0/16
              serviceSubnet: 10.96.0.0/12
            apiServer:
              extraArgs:
              - name: audit-log-maxage
                value: "30"
            """;

    static final String OVERLAP_ADVICE = "a pod and a service could get the same address; choose ranges that "
            + "do not overlap (kubeadm's defaults: podSubnet 10.244.0.0/16, serviceSubnet 10.96.0.0/12)";

    private static String errorOf(String yaml) {
        return assertThrows(ConfigException.class,
                () -> KubeadmConfigReader.readInit("cluster.yaml", yaml, InitFlags.NONE)).getMessage();
    }

    @Test
    void readsBothDocumentsAndAppliesDefaults() {
        KubeadmConfig config = KubeadmConfigReader.readInit("cluster.yaml", CLUSTER, InitFlags.NONE);
        assertEquals("v1.33.2", config.cluster().kubernetesVersion().toString());
        assertEquals("10.244.0.0/16", config.cluster().networking().podSubnet());
        assertEquals("cluster.local", config.cluster().networking().dnsDomain());
        assertEquals("registry.k8s.io", config.cluster().imageRepository());
        assertEquals("/etc/kubernetes/pki", config.cluster().certificatesDir());
        assertEquals("/var/lib/etcd", config.cluster().etcd().local().dataDir());
        assertEquals(Duration.ofHours(8760), config.cluster().certificateValidityPeriod());
        assertEquals(Duration.ofHours(87600), config.cluster().caCertificateValidityPeriod());
        assertEquals("RSA-2048", config.cluster().encryptionAlgorithm());
        assertEquals(List.of(), config.init().nodeRegistration().taints());
        assertEquals(List.of(new Arg("audit-log-maxage", "30")), config.cluster().apiServer().component().extraArgs());
        assertEquals("10.96.0.10", config.cluster().networking().dnsServiceIp());
        assertEquals(Duration.ofMinutes(4), config.init().timeouts().controlPlaneComponentHealthCheck());
    }

    @Test
    void defaultsMatchKubeadm() {
        KubeadmConfig config = KubeadmConfig.defaults();
        assertEquals(VersionTable.DEFAULT_VERSION, config.cluster().kubernetesVersion().toString());
        assertEquals("10.96.0.0/12", config.cluster().networking().serviceSubnet());
        assertEquals("", config.cluster().networking().podSubnet());
        assertEquals(List.of(Taint.CONTROL_PLANE), config.init().nodeRegistration().taints());
        assertEquals(6443, config.init().localAPIEndpoint().bindPort());
        assertEquals("unix:///var/run/containerd/containerd.sock", config.init().nodeRegistration().criSocket());
        assertEquals(Duration.ofHours(24), config.init().bootstrapTokens().get(0).ttl());
        assertEquals(List.of("system:bootstrappers:kubeadm:default-node-token"),
                config.init().bootstrapTokens().get(0).groups());
    }

    @Test
    void initDefaultsRoundTrip(@TempDir Path dir) throws Exception {
        KubeadmConfig defaults = KubeadmConfig.initDefaults();
        Path file = dir.resolve("defaults.yaml");
        Files.writeString(file, defaults.toYaml());
        KubeadmConfig back = KubeadmConfigReader.readInit(file, InitFlags.NONE, NO_WARNINGS);
        assertEquals(defaults, back);
        assertEquals(defaults.toYaml(), back.toYaml());
        assertEquals("node", back.nodeName());
        assertEquals("1.2.3.4", back.advertiseAddress());
    }

    @Test
    void customisedConfigRoundTrips() {
        KubeadmConfig config = KubeadmConfigReader.readInit("cluster.yaml", CLUSTER, InitFlags.NONE);
        assertEquals(config, KubeadmConfigReader.readInit("again.yaml", config.toYaml(), InitFlags.NONE));
        // the kubeadm-config ConfigMap holds the ClusterConfiguration document alone
        String clusterOnly = config.clusterConfigurationYaml();
        assertTrue(clusterOnly.startsWith("apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\n"), clusterOnly);
        assertEquals(config.cluster(), KubeadmConfigReader.readInit("cm.yaml", clusterOnly, InitFlags.NONE).cluster());
    }

    @Test
    void badCidrNamesFileLineAndPath() {
        String msg = errorOf(CLUSTER.replace("serviceSubnet: 10.96.0.0/12", "serviceSubnet: 10.96.0.0/33"));
        assertEquals("cluster.yaml:15: ClusterConfiguration.networking.serviceSubnet: \"10.96.0.0/33\" is not a valid CIDR",
                msg);
    }

    @Test
    void podAndServiceSubnetsMustNotOverlap() {
        String msg = errorOf(CLUSTER.replace("podSubnet: 10.244.0.0/16", "podSubnet: 10.100.0.0/16"));
        assertEquals("cluster.yaml:14: ClusterConfiguration.networking.podSubnet: \"10.100.0.0/16\" overlaps "
                + "networking.serviceSubnet 10.96.0.0/12: " + OVERLAP_ADVICE, msg);
        String dualStack = errorOf(CLUSTER.replace("podSubnet: 10.244.0.0/16", "podSubnet: 10.244.0.0/16,fd00:10::/32")
                .replace("serviceSubnet: 10.96.0.0/12", "serviceSubnet: 10.96.0.0/12,fd00:10:96::/108"));
        assertEquals("cluster.yaml:14: ClusterConfiguration.networking.podSubnet: \"fd00:10::/32\" overlaps "
                + "networking.serviceSubnet fd00:10:96::/108: " + OVERLAP_ADVICE, dualStack);
        KubeadmConfigReader.readInit("cluster.yaml", CLUSTER.replace("podSubnet: 10.244.0.0/16",
                "podSubnet: 10.244.0.0/16,fd00:10:244::/56").replace("serviceSubnet: 10.96.0.0/12",
                "serviceSubnet: 10.96.0.0/12,fd00:10:96::/108"), InitFlags.NONE);

        InitFlags podsInServices = new InitFlags(null, null, null, null, "10.96.0.0/16", null, null, null, null, null,
                null, null, null, false, null, List.of(), List.of(), List.of());
        assertEquals("flag --pod-network-cidr: ClusterConfiguration.networking.podSubnet: \"10.96.0.0/16\" overlaps "
                + "networking.serviceSubnet 10.96.0.0/12: " + OVERLAP_ADVICE, assertThrows(ConfigException.class,
                () -> KubeadmConfigReader.readInit("cluster.yaml", CLUSTER, podsInServices)).getMessage());
    }

    @Test
    void unknownFieldNamesFileLineAndPath() {
        String msg = errorOf(CLUSTER.replace("  podSubnet:", "  podSubnets:"));
        assertTrue(msg.startsWith("cluster.yaml:14: ClusterConfiguration.networking.podSubnets: unknown field \"podSubnets\""),
                msg);
    }

    @Test
    void wrongTypeNamesFileLineAndPath() {
        String msg = errorOf(CLUSTER.replace("bindPort: 6443", "bindPort: \"6443\""));
        assertEquals("cluster.yaml:5: InitConfiguration.localAPIEndpoint.bindPort: expected an integer, got the string \"6443\"",
                msg);
        String list = errorOf(CLUSTER.replace("  taints: []", "  taints: none"));
        assertTrue(list.startsWith("cluster.yaml:8: InitConfiguration.nodeRegistration.taints: expected a list"), list);
    }

    @Test
    void invalidValuesAreRejected() {
        assertTrue(errorOf(CLUSTER.replace("v1.33.2", "v1.30.4")).contains("kubernetesVersion: \"v1.30.4\" is not supported"));
        assertTrue(errorOf(CLUSTER.replace("v1.33.2", "latest")).contains("is not a Kubernetes version"));
        assertTrue(errorOf(CLUSTER.replace("bindPort: 6443", "bindPort: 70000")).contains("not a valid port"));
        assertTrue(errorOf(CLUSTER.replace("10.211.0.11", "10.211.0.256")).contains("is not a valid IP address"));
        assertTrue(errorOf(CLUSTER + "certificateValidityPeriod: 1y\n")
                .contains("certificateValidityPeriod: \"1y\" is not a valid duration"));
        assertTrue(errorOf(CLUSTER + "encryptionAlgorithm: RSA-1024\n").contains("is not one of RSA-2048"));
        assertTrue(errorOf(CLUSTER.replace("taints: []", "taints:\n  - key: a\n    effect: Sometimes"))
                .contains("InitConfiguration.nodeRegistration.taints[0].effect: \"Sometimes\" is not one of"));
        assertTrue(errorOf(CLUSTER.replace("10.96.0.0/12", "10.0.0.0/8")).contains("too large"));
        assertTrue(errorOf(CLUSTER + "featureGates:\n  NoSuchGate: true\n").contains("unknown feature gate"));
        assertTrue(errorOf(CLUSTER.replace("v1.33.2", "v1.34.0") + "featureGates:\n  WaitForAllControlPlaneComponents: false\n")
                .contains("locked"));
        assertTrue(errorOf("apiVersion: kubeadm.k8s.io/v1beta2\nkind: ClusterConfiguration\n").contains("use kubeadm.k8s.io/v1beta4"));
        assertTrue(errorOf("a: [").startsWith("cluster.yaml:1: invalid YAML"));
    }

    @Test
    void tokenErrorsDoNotShowTheSecret() {
        String msg = errorOf(CLUSTER.replace("  taints: []", "  taints: []\nbootstrapTokens:\n- token: ABCDEF.0123456789abcdef"));
        assertTrue(msg.contains("bootstrapTokens[0].token"), msg);
        assertFalse(msg.contains("ABCDEF"), msg);
    }

    @Test
    void flagsOverrideTheFileAndAreNamedInErrors() {
        InitFlags flags = new InitFlags("10.211.0.12", 7443, "cp.example:6443", "10.100.0.0/16", null, "corp.local",
                null, null, "1.32.5", "mirror.example/k8s", null, null, "2h", false, null,
                List.of("addon/kube-proxy"), List.of("Swap"), List.of());
        KubeadmConfig config = KubeadmConfigReader.readInit("cluster.yaml", CLUSTER, flags);
        assertEquals("10.211.0.12", config.advertiseAddress());
        assertEquals(7443, config.init().localAPIEndpoint().bindPort());
        assertEquals("10.100.0.0/16", config.cluster().networking().serviceSubnet());
        assertEquals("10.244.0.0/16", config.cluster().networking().podSubnet());
        assertEquals("v1.32.5", config.cluster().kubernetesVersion().toString());
        assertEquals("https://cp.example:6443", config.controlPlaneUrl());
        assertEquals(Duration.ofHours(2), config.init().bootstrapTokens().get(0).ttl());
        assertEquals(List.of("addon/kube-proxy"), config.init().skipPhases().values());
        assertEquals(List.of("Swap"), config.init().nodeRegistration().ignorePreflightErrors());

        InitFlags bad = new InitFlags(null, null, null, "10.96.0.0/33", null, null, null, null, null, null, null,
                null, null, false, null, List.of(), List.of(), List.of());
        String msg = assertThrows(ConfigException.class,
                () -> KubeadmConfigReader.readInit("cluster.yaml", CLUSTER, bad)).getMessage();
        assertEquals("flag --service-cidr: ClusterConfiguration.networking.serviceSubnet: \"10.96.0.0/33\" is not a valid CIDR",
                msg);
    }

    @Test
    void resolvesNodeFactsAndUrls() {
        KubeadmConfig config = KubeadmConfig.defaults().forNode("Node-1", "fd00::11");
        assertEquals("node-1", config.nodeName());
        assertEquals("https://[fd00::11]:6443", config.localApiUrl());
        assertEquals("https://[fd00::11]:6443", config.controlPlaneUrl());
    }

    @Test
    void readsJoinConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("join.yaml");
        Files.writeString(file, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: 10.211.0.11:6443
                    token: abcdef.0123456789abcdef
                    caCertHashes:
                    - sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
                """);
        JoinConfiguration join = KubeadmConfigReader.readJoin(file, NO_WARNINGS);
        assertEquals("10.211.0.11:6443", join.discovery().apiServerEndpoint());
        assertEquals("abcdef.0123456789abcdef", join.discovery().tlsBootstrapToken());
        assertEquals(List.of(), join.nodeRegistration().taints());
        Files.writeString(file, Files.readString(file).replace("    caCertHashes:\n", "    caCertHash:\n"));
        String msg = assertThrows(ConfigException.class, () -> KubeadmConfigReader.readJoin(file, NO_WARNINGS)).getMessage();
        assertTrue(msg.startsWith("join.yaml:7: JoinConfiguration.discovery.bootstrapToken.caCertHash: unknown field"), msg);
    }

    @Test
    void goDurationsFormatAsGo() {
        assertEquals("8760h0m0s", GoDuration.format(Duration.ofHours(8760)));
        assertEquals("4m0s", GoDuration.format(Duration.ofMinutes(4)));
        assertEquals("5s", GoDuration.format(Duration.ofSeconds(5)));
        assertEquals("1.5s", GoDuration.format(Duration.ofMillis(1500)));
        assertEquals("0s", GoDuration.format(Duration.ZERO));
        assertEquals(Duration.ofMinutes(90), GoDuration.parse("1h30m").orElseThrow());
        assertTrue(GoDuration.parse("1y").isEmpty());
    }
}
