package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class ConfigCommandTest {

    @Test
    void initDefaultsReadBackThroughConfigUnchanged(@TempDir Path dir) throws Exception {
        CliBasicsTest.Run printed = CliBasicsTest.run("config", "print", "init-defaults");
        assertEquals(0, printed.exit(), printed.err());
        assertTrue(printed.out().contains("kind: InitConfiguration"));
        assertTrue(printed.out().contains("kind: ClusterConfiguration"));
        assertTrue(printed.out().contains("kubernetesVersion: v1.34.1"));
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
        ClusterFile back = ClusterFileReader.read(file, Map.of("HOME", "/root"));
        assertEquals("lab", back.name());
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
        assertTrue(mirror.out().contains("\"mirror.local/k8s/coredns:v1.12.1\""), mirror.out());
        assertTrue(mirror.out().startsWith("{\"images\":["), mirror.out());
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
