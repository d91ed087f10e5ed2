package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.ClusterFiles;
import dev.bootstrap.testing.LocalRegistry;
import dev.bootstrap.testing.PrivateContainerd;
import dev.bootstrap.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code config images list -f} against spec.registries, and {@code config images pull} with real parts: a real
 * registry on 127.0.0.1 holding an image built here, and a private containerd (Debian's) that pulls from it.
 */
class ConfigImagesTest {

    private static final String VERSION = "v1.37.1";

    private static Path clusterFile(Path dir, String registries) throws Exception {
        return Files.writeString(dir.resolve("cluster.yaml"), ClusterFiles.ONE_CONTROL_PLANE
                + "  kubernetesVersion: " + VERSION + "\n" + registries);
    }

    @Test
    void listOfAClusterFileMarksTheImagesNoMirrorServes(@TempDir Path dir) throws Exception {
        Path aliyun = clusterFile(dir, """
                  registries:
                    registry.k8s.io: [https://registry.aliyuncs.com/google_containers]
                """);
        CliBasicsTest.Run served = CliBasicsTest.run("config", "images", "list", "-f", aliyun.toString());
        assertEquals(0, served.exit(), served.err());
        assertEquals(CliBasicsTest.run("config", "images", "list", "--kubernetes-version", VERSION).out(), served.out(),
                "kubeadm's images are named by imageRepository; containerd's hosts.toml sends them to the mirror");

        Path dockerOnly = clusterFile(Files.createDirectories(dir.resolve("docker")), """
                  registries:
                    docker.io: [https://mirror.gcr.io]
                """);
        CliBasicsTest.Run unserved = CliBasicsTest.run("config", "images", "list", "--cluster-file", dockerOnly.toString());
        assertEquals(1, unserved.exit(), unserved.out());
        assertEquals("registry.k8s.io/kube-apiserver:" + VERSION + "  # unresolved (static Pod kube-system/kube-apiserver): "
                + "no mirror for registry.k8s.io in spec.registries; add one, or set spec.imageRepository to a mirror",
                unserved.out().lines().findFirst().orElseThrow());
        assertEquals(7, unserved.out().lines().filter(l -> l.contains("# unresolved")).count(), unserved.out());

        CliBasicsTest.Run json = CliBasicsTest.run("config", "images", "list", "-f", dockerOnly.toString(), "-o", "json");
        assertTrue(json.out().startsWith("{\"images\":[{\"image\":\"registry.k8s.io/kube-apiserver:" + VERSION
                + "\",\"neededBy\":[\"static Pod kube-system/kube-apiserver\"],\"resolves\":false,\"problem\":"), json.out());

        CliBasicsTest.Run both = CliBasicsTest.run("config", "images", "list", "-f", aliyun.toString(),
                "--image-repository", "mirror.local/k8s");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("-f takes the version and image repository from the cluster file"), both.err());
    }

    @Test
    void pullBringsKubeadmsImagesIntoTheRuntimeTheKubeletUses(@TempDir Path dir) throws Exception {
        try (LocalRegistry registry = LocalRegistry.start(Files.createDirectories(dir.resolve("registry")));
             PrivateContainerd containerd = PrivateContainerd.start(Files.createDirectories(dir.resolve("containerd")))) {
            String repository = registry.address() + "/k8s";
            List<String> images = CliBasicsTest.run("config", "images", "list", "--kubernetes-version", VERSION,
                    "--image-repository", repository).out().lines().toList();
            for (String image : images) {
                registry.push(image.substring(registry.address().length() + 1));
            }

            CliBasicsTest.Run pull = CliBasicsTest.run("config", "images", "pull", "--kubernetes-version", VERSION,
                    "--image-repository", repository, "--cri-socket", containerd.endpoint());
            assertEquals(0, pull.exit(), pull.out() + pull.err());
            List<String> expected = new ArrayList<>();
            if (Requirements.which("crictl") == null) {
                expected.add("[config/images] crictl is not on localhost: pulling with ctr into containerd's k8s.io "
                        + "namespace, registry hosts from /etc/containerd/certs.d");
            }
            images.forEach(image -> expected.add("[config/images] Pulled " + image));
            assertEquals(expected, pull.out().lines().toList());
            List<String> listed = containerd.images().lines().toList();
            assertEquals(images.stream().sorted().toList(), listed.stream().filter(l -> !l.startsWith("sha256:"))
                    .sorted().toList(), "ctr -n k8s.io images ls");
            // containerd's CRI plugin adds its image-ID reference to what it serves the kubelet: one image, one ID
            assertEquals(1, listed.stream().filter(l -> l.startsWith("sha256:")).count(), listed.toString());

            // etcd is not in the second repository: the others are pulled, etcd is named with the runtime's error
            String partial = registry.address() + "/partial";
            for (String image : images.subList(0, images.size() - 1)) {
                registry.push(image.replace(repository, partial).substring(registry.address().length() + 1));
            }
            CliBasicsTest.Run missing = CliBasicsTest.run("config", "images", "pull", "--kubernetes-version", VERSION,
                    "--image-repository", partial, "--cri-socket", containerd.endpoint());
            assertEquals(1, missing.exit(), missing.out() + missing.err());
            String etcd = images.get(images.size() - 1).replace(repository, partial);
            assertEquals(images.size() - 1, missing.out().lines().filter(l -> l.startsWith("[config/images] Pulled "))
                    .count(), missing.out());
            assertTrue(missing.err().startsWith("error: failed to pull image " + etcd + " on localhost with "
                    + (Requirements.which("crictl") == null ? "ctr" : "crictl") + " through " + containerd.endpoint()
                    + ": "), missing.err());
            assertTrue(missing.err().strip().endsWith(etcd + ": not found"), missing.err());
            assertEquals(1, missing.err().lines().count(), missing.err());
        }
    }
}
