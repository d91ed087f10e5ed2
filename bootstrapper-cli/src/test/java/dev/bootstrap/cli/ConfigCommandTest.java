package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigCommandTest {

    private static final String V1BETA3 = """
            apiVersion: kubeadm.k8s.io/v1beta3
            kind: InitConfiguration
            nodeRegistration:
              kubeletExtraArgs:
                v: "2"
            ---
            apiVersion: kubeadm.k8s.io/v1beta3
            kind: ClusterConfiguration
            kubernetesVersion: v1.35.2
            apiServer:
              timeoutForControlPlane: 10m0s
              extraArgs:
                audit-log-maxage: "30"
            """;

    private static String deprecated(String kind) {
        return "W: your configuration file uses a deprecated API spec: \"kubeadm.k8s.io/v1beta3\" (kind: \"" + kind
                + "\"). Please use 'bootstrap config migrate --old-config old-config-file --new-config "
                + "new-config-file', which will write the new, similar spec using a newer API version.\n";
    }

    @Test
    void initDefaultsReadBackThroughConfigUnchanged(@TempDir Path dir) throws Exception {
        CliBasicsTest.Run printed = CliBasicsTest.run("config", "print", "init-defaults");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(printed.out().contains("kind: InitConfiguration"));
        assertTrue(printed.out().contains("kind: ClusterConfiguration"));
        assertTrue(printed.out().contains("kubernetesVersion: v1.37.1"), "the newest 1.37 patch known is the default");
        Path file = dir.resolve("init.yaml");
        Files.writeString(file, printed.out());
        KubeadmConfig back = KubeadmConfigReader.readInit(file, InitFlags.NONE, w -> fail(w));
        assertEquals(KubeadmConfig.initDefaults(), back);
        assertEquals(printed.out(), back.toYaml());
        // and the commands that take --config accept it
        CliBasicsTest.Run images = CliBasicsTest.run("config", "images", "list", "--config", file.toString());
        assertEquals(0, images.exit(), images.err());
    }

    @Test
    void clusterDefaultsReadBackAsAClusterFile(@TempDir Path dir) throws Exception {
        CliBasicsTest.Run printed = CliBasicsTest.run("config", "print", "cluster-defaults");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(printed.out().startsWith("# A cluster file"), printed.out());
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, printed.out());
        Files.createDirectories(dir.resolve(".ssh"));
        Files.writeString(dir.resolve(".ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        ClusterFile back = ClusterFileReader.read(file, Map.of("HOME", dir.toString()));
        assertEquals("lab", back.name());
        assertTrue(printed.out().contains("  kubernetesVersion: v1.37.1          # v1.31.x to v1.37.x\n"), printed.out());
        assertEquals("v1.37.1", back.kubeadm().kubernetesVersion().toString());
        assertEquals(3, back.nodes().size());
        assertEquals(dir + "/.ssh/id_ed25519", back.firstControlPlane().ssh().keyFile());
    }

    @Test
    void imagesListInKubeadmOrder() {
        CliBasicsTest.Run run = CliBasicsTest.run("config", "images", "list", "--kubernetes-version", "v1.33.2");
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("registry.k8s.io/kube-apiserver:v1.33.2", "registry.k8s.io/kube-controller-manager:v1.33.2",
                "registry.k8s.io/kube-scheduler:v1.33.2", "registry.k8s.io/kube-proxy:v1.33.2",
                "registry.k8s.io/coredns/coredns:v1.12.0", "registry.k8s.io/pause:3.10", "registry.k8s.io/etcd:3.5.21-0"),
                run.out().lines().toList());
        CliBasicsTest.Run mirror = CliBasicsTest.run("config", "images", "list", "--image-repository", "mirror.local/k8s",
                "-o", "json");
        assertEquals(0, mirror.exit(), mirror.err());
        assertTrue(mirror.out().contains("\"mirror.local/k8s/coredns:v1.14.6\""), mirror.out());
        assertTrue(mirror.out().startsWith("{\"images\":["), mirror.out());
    }

    /** kubeadm config images list of each supported minor, from the default registry and from a mirror. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1.35.0|coredns/coredns:v1.13.1|pause:3.10.1|etcd:3.6.6-0",
            "v1.36.0|coredns/coredns:v1.14.2|pause:3.10.2|etcd:3.6.8-0",
            "v1.37.0|coredns/coredns:v1.14.6|pause:3.10.2|etcd:3.7.0-0"})
    void imagesListOfTheSupportedVersions(String version, String coreDns, String pause, String etcd) {
        CliBasicsTest.Run run = CliBasicsTest.run("config", "images", "list", "--kubernetes-version", version);
        assertEquals(0, run.exit(), run.err());
        assertEquals(List.of("registry.k8s.io/kube-apiserver:" + version, "registry.k8s.io/kube-controller-manager:" + version,
                "registry.k8s.io/kube-scheduler:" + version, "registry.k8s.io/kube-proxy:" + version,
                "registry.k8s.io/" + coreDns, "registry.k8s.io/" + pause, "registry.k8s.io/" + etcd), run.out().lines().toList());
        CliBasicsTest.Run mirror = CliBasicsTest.run("config", "images", "list", "--kubernetes-version", version,
                "--image-repository", "registry.aliyuncs.com/google_containers");
        assertEquals(0, mirror.exit(), mirror.err());
        // a mirror keeps CoreDNS at its top level: repo/coredns, not repo/coredns/coredns (kubeadm's GetDNSImage)
        assertEquals("registry.aliyuncs.com/google_containers/" + coreDns.replace("coredns/coredns", "coredns"),
                mirror.out().lines().toList().get(4));
        assertEquals("", run.err(), "a supported version prints no warning");
    }

    @Test
    void badConfigIsAnErrorWithFileAndLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, "apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking:\n  podSubnets: x\n");
        CliBasicsTest.Run run = CliBasicsTest.run("config", "images", "list", "--config", file.toString());
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("error: cluster.yaml:4: ClusterConfiguration.networking.podSubnets: unknown field"),
                run.err());
        CliBasicsTest.Run badVersion = CliBasicsTest.run("config", "images", "list", "--kubernetes-version", "v1.29.0");
        assertEquals(1, badVersion.exit());
        assertTrue(badVersion.err().startsWith("error: flag --kubernetes-version: ClusterConfiguration.kubernetesVersion:"),
                badVersion.err());
    }

    @Test
    void v1beta3IsValidWithTheWarningBeforeV137(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, V1BETA3);
        CliBasicsTest.Run run = CliBasicsTest.run("config", "validate", "--config", file.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("ok\n", run.out());
        assertEquals(deprecated("ClusterConfiguration") + deprecated("InitConfiguration"), run.err());
        CliBasicsTest.Run allowed = CliBasicsTest.run("config", "validate", "--config", file.toString(),
                "--allow-deprecated-api");
        assertEquals(0, allowed.exit(), allowed.err());
        assertEquals("", allowed.err());
        // the commands that read a --config warn the same way, on stderr only
        CliBasicsTest.Run images = CliBasicsTest.run("config", "images", "list", "--config", file.toString(),
                "--kubernetes-version", "v1.36.0");
        assertEquals(0, images.exit(), images.err());
        assertEquals(deprecated("ClusterConfiguration") + deprecated("InitConfiguration"), images.err());
        assertTrue(images.out().startsWith("registry.k8s.io/kube-apiserver:v1.36.0\n"), images.out());
    }

    @Test
    void v1beta3IsRefusedForV137NamingMigrate(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.yaml");
        Files.writeString(file, V1BETA3.replace("v1.35.2", "v1.37.0"));
        String refusal = "error: old.yaml:7: ClusterConfiguration.apiVersion: \"kubeadm.k8s.io/v1beta3\" was removed in "
                + "Kubernetes v1.37 (the target is v1.37.0); convert the file to kubeadm.k8s.io/v1beta4 with "
                + "'bootstrap config migrate --old-config old.yaml --new-config NEW'\n";
        for (String[] args : List.of(new String[] {"config", "validate", "--config", file.toString()},
                new String[] {"config", "validate", "--config", file.toString(), "--allow-deprecated-api"},
                new String[] {"config", "images", "list", "--config", file.toString()})) {
            CliBasicsTest.Run run = CliBasicsTest.run(args);
            assertEquals(1, run.exit(), String.join(" ", args));
            assertEquals("", run.out());
            assertEquals(refusal, run.err());
        }
    }

    @Test
    void migrateOutputValidatesWithoutWarnings(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("old.yaml");
        Files.writeString(old, V1BETA3.replace("v1.35.2", "v1.37.0"));
        CliBasicsTest.Run printed = CliBasicsTest.run("config", "migrate", "--old-config", old.toString());
        assertEquals(0, printed.exit(), printed.err());
        assertEquals("", printed.err());
        assertTrue(printed.out().startsWith("apiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\n"),
                printed.out());
        assertTrue(printed.out().contains("\ntimeouts:\n  controlPlaneComponentHealthCheck: 10m0s\n"), printed.out());
        Path migrated = dir.resolve("new.yaml");
        CliBasicsTest.Run written = CliBasicsTest.run("config", "migrate", "--old-config", old.toString(),
                "--new-config", migrated.toString());
        assertEquals(0, written.exit(), written.err());
        assertEquals("", written.out() + written.err());
        assertEquals(printed.out(), Files.readString(migrated));
        CliBasicsTest.Run valid = CliBasicsTest.run("config", "validate", "--config", migrated.toString());
        assertEquals(new CliBasicsTest.Run(0, "ok\n", ""), valid);
        assertEquals(printed.out(), KubeadmConfigReader.readInit(migrated, InitFlags.NONE, w -> fail(w)).toYaml());
    }

    @Test
    void migrateJoinAndRefuseUnknownKinds(@TempDir Path dir) throws Exception {
        Path join = dir.resolve("join.yaml");
        Files.writeString(join, """
                apiVersion: kubeadm.k8s.io/v1beta3
                kind: JoinConfiguration
                discovery:
                  timeout: 1m0s
                  bootstrapToken:
                    apiServerEndpoint: 10.211.0.11:6443
                    token: abcdef.0123456789abcdef
                    unsafeSkipCAVerification: true
                """);
        CliBasicsTest.Run run = CliBasicsTest.run("config", "migrate", "--old-config", join.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n"), run.out());
        assertTrue(run.out().contains("\n  discovery: 1m0s\n"), run.out());
        assertFalse(run.out().contains("---"), run.out());
        Path migrated = dir.resolve("join-new.yaml");
        Files.writeString(migrated, run.out());
        assertEquals(new CliBasicsTest.Run(0, "ok\n", ""),
                CliBasicsTest.run("config", "validate", "--config", migrated.toString()));

        Files.writeString(join, Files.readString(join) + "---\napiVersion: apps/v1\nkind: Deployment\n");
        CliBasicsTest.Run unknown = CliBasicsTest.run("config", "migrate", "--old-config", join.toString());
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().startsWith("error: join.yaml:11: kind: unknown configuration APIs: apps/v1 Deployment"),
                unknown.err());
    }

    @Test
    void validateReadsAnUpgradeConfiguration(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("upgrade.yaml");
        Files.writeString(file, "apiVersion: kubeadm.k8s.io/v1beta4\nkind: UpgradeConfiguration\ndiff:\n"
                + "  contextLines: 5\n");
        assertEquals(new CliBasicsTest.Run(0, "ok\n", ""),
                CliBasicsTest.run("config", "validate", "--config", file.toString()));
        Files.writeString(file, Files.readString(file).replace("contextLines: 5", "contextLine: 5"));
        CliBasicsTest.Run bad = CliBasicsTest.run("config", "validate", "--config", file.toString());
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("error: upgrade.yaml:4: UpgradeConfiguration.diff.contextLine: unknown field"),
                bad.err());
    }
}
