package dev.bootstrap.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The full example in docs/user-guide.md and the README's lab example are valid cluster files. */
class ClusterFileDocsTest {

    private static final String MARKER = "<!-- cluster-file-example";

    @Test
    void userGuideExampleReads(@TempDir Path home) throws Exception {
        // Its key must be on this machine.
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/lab_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        String guide = Files.readString(Path.of("..", "docs", "user-guide.md"));
        int start = guide.indexOf("```yaml\n", guide.indexOf(MARKER)) + "```yaml\n".length();
        assertTrue(guide.indexOf(MARKER) >= 0, "the example marker is in the user guide");
        String example = guide.substring(start, guide.indexOf("```", start));
        ClusterFile file = ClusterFileReader.read("user-guide.md", example, Map.of("HOME", home.toString()));
        assertEquals(3, file.controlPlanes().size());
        assertEquals("v1.37.1", file.kubeadm().kubernetesVersion().toString());
        assertEquals("mirror.lab.internal/k8s", file.kubeadm().imageRepository());
        assertTrue(file.kubeadm().proxyDisabled());
        assertEquals("kubelet-ctl start $SERVICE", file.serviceManager().start());
        assertEquals(List.of("ops@bastion.lab.internal:22"), file.firstControlPlane().ssh().jumpHosts());
        ClusterNode worker2 = file.nodes().get(4);
        assertEquals("admin@worker2.lab.internal:2222", worker2.target().toString());
        assertEquals(List.of(), worker2.ssh().jumpHosts());
        assertEquals("LAB_SUDO_PASSWORD", worker2.ssh().sudoPasswordEnv());
    }

    @Test
    void readmeLabExampleReads(@TempDir Path home) throws Exception {
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Files.createDirectories(home.resolve("bootstrap-bin"));
        Files.writeString(home.resolve("bootstrap-bin/SHA256SUMS"), "");
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```yaml\n") + "```yaml\n".length();
        ClusterFile file = ClusterFileReader.read("README.md", readme.substring(start, readme.indexOf("```", start)),
                Map.of("HOME", home.toString()));
        assertEquals(ClusterFile.Cni.FLANNEL, file.addons().cni());
        assertEquals(Optional.of(home.resolve("bootstrap-bin")), file.prepare().binaries());
        assertFalse(file.registries().isEmpty());
    }
}
