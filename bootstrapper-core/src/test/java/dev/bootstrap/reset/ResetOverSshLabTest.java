package dev.bootstrap.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.host.ssh.SshConnector;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import dev.bootstrap.service.SystemdServiceManager;
import dev.bootstrap.state.ClusterLock;
import dev.bootstrap.state.ClusterLockedException;
import dev.bootstrap.state.Journal;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Reset, the cluster lock and the journal on real sshd nodes of the lab, through SshHost. */
@ExtendWith(LabExtension.class)
class ResetOverSshLabTest {

    private static NodeResolver orchestrator(Lab lab) {
        return new NodeResolver(null, new SshConnector(lab.sshOptions().build(), new SecretSource(Map.of(), null)));
    }

    /** A control plane's files on a node, and a tmpfs under its kubelet directory (in the node's own mounts). */
    private static void controlPlane(Lab lab, LabNode node) {
        lab.ssh(node, "set -e; mkdir -p /etc/kubernetes/manifests /etc/kubernetes/pki/etcd /var/lib/etcd/member/snap "
                + "/var/lib/kubelet/pods/x; for f in admin.conf kubelet.conf scheduler.conf keep.conf; do "
                + "echo x > /etc/kubernetes/$f; done; echo ca > /etc/kubernetes/pki/ca.crt; "
                + "echo db > /var/lib/etcd/member/snap/db; echo pod > /etc/kubernetes/manifests/kube-apiserver.yaml; "
                + "mount -t tmpfs -o size=1m tmpfs /var/lib/kubelet/pods/x; echo secret > /var/lib/kubelet/pods/x/token");
    }

    @Test
    void resetsTwoNodesInParallelOverSshWithoutCuttingTheConnectionAndThenChangesNothing(Lab lab) {
        List<LabNode> nodes = List.of(lab.node(1), lab.node(2));
        nodes.forEach(n -> controlPlane(lab, n));
        List<String> targets = nodes.stream().map(LabNode::address).toList();
        try (NodeResolver resolver = orchestrator(lab)) {
            ResetWorkflow reset = new ResetWorkflow(resolver, new SystemdServiceManager(),
                    new ResetOptions(false, false), new EtcdApiMemberRemoval(List.of(), resolver));
            RunReport first = reset.run(targets, 2, e -> { });
            assertTrue(first.ok(), first.failures().toString());
            for (String t : targets) {
                assertEquals(Status.CHANGED, first.result(t, "cleanup-node").orElseThrow().status());
                // The same connection still answers: nothing cut it.
                assertEquals("0\n", resolver.resolve(t).run("id -u", Duration.ofSeconds(10)).stdout());
            }
            RunReport second = reset.run(targets, 2, e -> { });
            assertEquals(0, second.changed(), second.byHost().toString());
        }
        for (LabNode n : nodes) {
            assertEquals("", lab.ssh(n, "grep ' /var/lib/kubelet/' /proc/mounts || true"), "unmounted on " + n);
            assertEquals("", lab.ssh(n, "ls -A /etc/kubernetes/manifests /etc/kubernetes/pki /var/lib/kubelet "
                    + "/var/lib/etcd | grep -v ':$' | grep -v '^$' || true"), "emptied on " + n);
            assertEquals("keep.conf\nmanifests\npki\n", lab.ssh(n, "ls /etc/kubernetes"), "on " + n);
        }
    }

    @Test
    void removesTheCniStateAndLinksOfANodeAndKeepsTheRuntimesImagesAndOtherLinks(Lab lab) {
        LabNode node = lab.node(3);
        controlPlane(lab, node);
        // What flannel leaves (its bridge and vxlan device as flanneld makes them), in the node's own mount and network
        // namespaces; and what must stay.
        lab.ssh(node, "set -e; mkdir -p /etc/cni/net.d /var/lib/cni/networks/cbr0 /run/flannel "
                + "/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256; "
                + "echo '{}' > /etc/cni/net.d/10-flannel.conflist; echo c1 > /var/lib/cni/networks/cbr0/10.244.0.2; "
                + "echo FLANNEL_NETWORK=10.244.0.0/16 > /run/flannel/subnet.env; "
                + "echo layer > /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/ab; "
                + "ip link add cni0 type bridge; ip link add flannel.1 type vxlan id 1 dstport 8472; "
                + "ip link add keep0 type veth peer name keep1");
        try (NodeResolver resolver = orchestrator(lab)) {
            ResetWorkflow reset = new ResetWorkflow(resolver, new SystemdServiceManager(),
                    new ResetOptions(false, false), new EtcdApiMemberRemoval(List.of(), resolver));
            RunReport first = reset.run(List.of(node.address()), 1, e -> { });
            assertTrue(first.ok(), first.failures().toString());
            List<String> cleanup = first.result(node.address(), "cleanup-node").orElseThrow().details();
            assertTrue(cleanup.contains("Deleted contents of the CNI directories: [/etc/cni/net.d, /var/lib/cni, "
                    + "/run/flannel]"), cleanup.toString());
            assertTrue(cleanup.contains("Removed the CNI's links: [cni0, flannel.1]"), cleanup.toString());
            RunReport second = reset.run(List.of(node.address()), 1, e -> { });
            assertEquals(0, second.changed(), second.byHost().toString());
        }
        assertEquals("", lab.ssh(node, "ls -A /etc/cni/net.d /var/lib/cni /run/flannel | grep -v ':$' | grep -v '^$' "
                + "|| true"), "emptied, the directories kept");
        String links = lab.ssh(node, "ls /sys/class/net");
        assertFalse(links.contains("cni0") || links.contains("flannel.1"), links);
        assertTrue(links.contains("keep0"), "an unrelated link stays: " + links);
        assertEquals("layer\n", lab.ssh(node, "cat /var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/ab"),
                "the runtime's images stay");
    }

    @Test
    void twoOrchestratorsRacingForTheLockOverSshHaveOneWinnerAndTheJournalLivesOnTheNode(Lab lab) throws Exception {
        String target = lab.node(3).address();
        try (NodeResolver a = orchestrator(lab); NodeResolver b = orchestrator(lab)) {
            Host viaA = a.resolve(target);
            Host viaB = b.resolve(target);
            for (int round = 0; round < 5; round++) {
                CompletableFuture<Object> first = CompletableFuture.supplyAsync(() -> attempt(viaA, "alice@a"));
                CompletableFuture<Object> second = CompletableFuture.supplyAsync(() -> attempt(viaB, "bob@b"));
                List<Object> results = List.of(first.get(), second.get());
                List<ClusterLock.Lease> won = new ArrayList<>();
                for (Object o : results) {
                    if (o instanceof ClusterLock.Lease lease) {
                        won.add(lease);
                    } else {
                        assertTrue(((ClusterLockedException) o).getMessage().startsWith("[" + target
                                + "] the cluster is locked by "), ((Exception) o).getMessage());
                    }
                }
                assertEquals(1, won.size(), "round " + round);
                assertTrue(won.get(0).release());
            }

            byte[] ca = "CA".getBytes(StandardCharsets.UTF_8);
            viaA.writeFile("/etc/kubernetes/pki/ca.crt", ca, 0644);
            new Journal().completed(viaA, "certs", "v1", Map.of("/etc/kubernetes/pki/ca.crt", Journal.sha256(ca)));
            assertTrue(new Journal().isDone(viaB, "certs", "v1"), "another orchestrator sees it on the node");
            viaB.writeFile("/etc/kubernetes/pki/ca.crt", "other".getBytes(StandardCharsets.UTF_8), 0644);
            assertFalse(new Journal().isDone(viaA, "certs", "v1"));
        }
    }

    private static Object attempt(Host host, String owner) {
        try {
            return new ClusterLock(host).acquire(LockHolder.ofThisProcess("up as " + owner));
        } catch (ClusterLockedException e) {
            return e;
        }
    }
}
