package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void initDefaultsReadBackThroughConfigUnchanged(@TempDir Path dir) throws Exception {
        CliBasicsTest.Run printed = CliBasicsTest.run("config", "print", "init-defaults");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(printed.out().contains("kind: InitConfiguration"));
        assertTrue(printed.out().contains("kind: ClusterConfiguration"));
        assertTrue(printed.out().contains("kubernetesVersion: v1.37.1"), "the newest 1.37 patch known is the default");
        Path file = dir.resolve("init.yaml");
        Files.writeString(file, printed.out());
        KubeadmConfig back = KubeadmConfigReader.readInit(file, InitFlags.NONE);
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
        ClusterFile back = ClusterFileReader.read(file, Map.of("HOME", "/root"));
        assertEquals("lab", back.name());
        assertTrue(printed.out().contains("  kubernetesVersion: v1.37.1          # v1.31.x to v1.37.x\n"), printed.out());
        assertEquals("v1.37.1", back.kubeadm().kubernetesVersion().toString());
        assertEquals(3, back.nodes().size());
        assertEquals("/root/.ssh/id_ed25519", back.firstControlPlane().ssh().keyFile());
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
}
