package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.testing.JoinableStandInCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a node counts as joined: kubelet.conf with the cluster CA and a client certificate that CA signed. */
class JoinedNodeTest {

    @Test
    void joinedOnlyWithTheClustersCaAndACertificateItSigned(@TempDir Path a, @TempDir Path b, @TempDir Path rootfs)
            throws Exception {
        try (JoinableStandInCluster cluster = JoinableStandInCluster.start(a, "127.0.0.1", "127.0.0.1");
             JoinableStandInCluster other = JoinableStandInCluster.start(b, "127.0.0.1", "127.0.0.1")) {
            LocalHost node = new LocalHost("n1", rootfs);
            assertFalse(JoinedNode.joined(node, cluster.caPem()), "no kubelet.conf: not joined");

            node.writeFile(NodeLayout.KUBELET_CONF, cluster.kubeletConf("n1"), 0600);
            JoinException noPem = assertThrows(JoinException.class, () -> JoinedNode.joined(node, cluster.caPem()));
            assertTrue(noPem.getMessage().contains("names the client certificate "
                    + JoinableStandInCluster.KUBELET_CLIENT_PEM + ", which does not exist"), noPem.getMessage());

            node.writeFile(JoinableStandInCluster.KUBELET_CLIENT_PEM, other.kubeletClientPem("n1"), 0600);
            JoinException foreignCert = assertThrows(JoinException.class, () -> JoinedNode.joined(node, cluster.caPem()));
            assertTrue(foreignCert.getMessage().startsWith("n1:/etc/kubernetes/kubelet.conf: the kubelet's client "
                    + "certificate (CN=system:node:n1, O=system:nodes) is not valid for this cluster's CA"),
                    foreignCert.getMessage());

            node.writeFile(JoinableStandInCluster.KUBELET_CLIENT_PEM, cluster.kubeletClientPem("n1"), 0600);
            assertTrue(JoinedNode.joined(node, cluster.caPem()));

            JoinException otherCluster = assertThrows(JoinException.class, () -> JoinedNode.joined(node, other.caPem()));
            assertTrue(otherCluster.getMessage().contains("exists with another CA: n1 belongs to another cluster"),
                    otherCluster.getMessage());
        }
    }
}
