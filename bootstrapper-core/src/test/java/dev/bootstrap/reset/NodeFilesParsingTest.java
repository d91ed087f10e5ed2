package dev.bootstrap.reset;

import dev.bootstrap.etcd.EtcdManifest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** /proc/mounts and etcd manifests as nodes have them. */
class NodeFilesParsingTest {

    @Test
    void mountsBelowTheKubeletDirectoryDeepestFirstWithEscapesDecodedAndStackedLayersTopFirst() {
        String procMounts = String.join("\n",
                "/dev/sda1 / ext4 rw,relatime 0 0",
                "tmpfs /var/lib/kubelet tmpfs rw 0 0",
                "tmpfs /var/lib/kubelet/pods/a/volumes/kubernetes.io~secret/token tmpfs rw 0 0",
                "tmpfs /var/lib/kubelet/pods/b/volumes/my\\040disk tmpfs rw 0 0",
                "tmpfs /var/lib/kubelet/pods/a/volumes/kubernetes.io~secret/token tmpfs rw 0 0",
                "overlay /var/lib/kubeletfoo overlay rw 0 0",
                "tmpfs /var/lib/kubelet/pods/a tmpfs rw 0 0",
                "");
        assertEquals(List.of("/var/lib/kubelet/pods/a/volumes/kubernetes.io~secret/token",
                        "/var/lib/kubelet/pods/a/volumes/kubernetes.io~secret/token",
                        "/var/lib/kubelet/pods/b/volumes/my disk", "/var/lib/kubelet/pods/a"),
                MountTable.parse(procMounts).below("/var/lib/kubelet"));
    }

    @Test
    void etcdDataDirFromTheFlagThenKubeadmsVolumeAndBadManifestsAreErrors() {
        assertEquals(Optional.of("/data/etcd"), EtcdManifest.dataDir(
                ControlPlaneRootfs.etcdManifest("/data/etcd", "/ignored")));
        assertEquals(Optional.of("/srv/etcd"), EtcdManifest.dataDir("""
                spec:
                  containers: [{name: etcd, command: [etcd, --name=cp1]}]
                  volumes: [{name: etcd-certs, hostPath: {path: /etc/kubernetes/pki/etcd}},
                            {name: etcd-data, hostPath: {path: /srv/etcd}}]
                """));
        assertEquals(Optional.empty(), EtcdManifest.dataDir("spec: {containers: [{name: etcd}]}"));
        assertThrows(IllegalArgumentException.class, () -> EtcdManifest.dataDir("- just a list"));
    }
}
