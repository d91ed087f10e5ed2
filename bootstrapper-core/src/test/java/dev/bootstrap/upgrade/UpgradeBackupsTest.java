package dev.bootstrap.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backups are named as kubeadm names them, made only when used, and pruned to the newest three of each kind. */
class UpgradeBackupsTest {

    @Test
    void directoriesAreNamedAsKubeadmsAndMadeOnlyWhenUsed(@TempDir Path root) throws IOException {
        LocalHost node = new LocalHost("n1", root);
        UpgradeBackups backups = new UpgradeBackups(node, Instant.parse("2026-12-07T10:15:00Z"));
        assertTrue(!Files.exists(root.resolve("etc/kubernetes/tmp")), "nothing before use");
        assertEquals("/etc/kubernetes/tmp/kubeadm-backup-manifests-2026-12-07-10-15-00", backups.manifests());
        assertEquals("/etc/kubernetes/tmp/kubeadm-backup-etcd-2026-12-07-10-15-00", backups.etcd());
        assertTrue(backups.upgradedManifests().matches("/etc/kubernetes/tmp/kubeadm-upgraded-manifests\\d{10}"));
        assertTrue(backups.kubeletConfig().matches("/etc/kubernetes/tmp/kubeadm-kubelet-config\\d{10}"));
        assertEquals("rwx------", Files.getPosixFilePermissions(root.resolve("etc/kubernetes/tmp/"
                + "kubeadm-backup-etcd-2026-12-07-10-15-00")).stream().sorted().map(Enum::name).count() == 3
                ? "rwx------" : "other");
        backups.cleanUp();
        assertEquals(List.of("kubeadm-backup-etcd-2026-12-07-10-15-00", "kubeadm-backup-manifests-2026-12-07-10-15-00"),
                names(root).stream().filter(n -> n.startsWith("kubeadm-backup")).toList());
        assertTrue(names(root).stream().noneMatch(n -> n.startsWith("kubeadm-upgraded-manifests")));
    }

    @Test
    void pruningKeepsTheNewestThreeOfEachKindAndDropsWorkDirectories(@TempDir Path root) throws IOException {
        LocalHost node = new LocalHost("n1", root);
        Path tmp = Files.createDirectories(root.resolve("etc/kubernetes/tmp"));
        for (int day = 1; day <= 5; day++) {
            for (String kind : List.of("kubeadm-backup-manifests-2026-12-0", "kubeadm-backup-etcd-2026-12-0",
                    "kubeadm-kubelet-config12345678")) {
                Path d = Files.createDirectories(tmp.resolve(kind + day));
                Files.setLastModifiedTime(d, FileTime.from(Instant.parse("2026-12-0" + day + "T00:00:00Z")));
            }
        }
        Files.createDirectories(tmp.resolve("kubeadm-upgraded-manifests1234567890"));
        Files.createDirectories(tmp.resolve("something-else"));

        List<String> removed = UpgradeBackups.prune(node);

        assertEquals(7, removed.size(), removed.toString());
        List<String> left = names(root);
        for (String kind : List.of("kubeadm-backup-manifests-2026-12-0", "kubeadm-backup-etcd-2026-12-0",
                "kubeadm-kubelet-config12345678")) {
            assertEquals(List.of(kind + "3", kind + "4", kind + "5"), left.stream().filter(n -> n.startsWith(kind)).toList());
        }
        assertTrue(left.contains("something-else"), "what upgrade did not make stays");
        assertTrue(left.stream().noneMatch(n -> n.startsWith("kubeadm-upgraded-manifests")));
        assertEquals(List.of(), UpgradeBackups.prune(node), "a second prune removes nothing");
        assertEquals(List.of(), UpgradeBackups.prune(new LocalHost("n2", Files.createTempDirectory("empty"))));
    }

    private static List<String> names(Path root) throws IOException {
        try (Stream<Path> s = Files.list(root.resolve("etc/kubernetes/tmp"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
