package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabKubelets;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bootstrap up} with two control planes and a worker: the second control plane joins through the
 * uploaded certificates and becomes a voting member of the REAL etcd (both members run in the lab, started
 * by the kubelet stand-in from the generated manifests). API STAND-IN and lab kubelets as in UpLabTest.
 */
@ExtendWith(LabExtension.class)
@LabNodes(3)
class UpControlPlanesLabTest {

    @Test
    void aSecondControlPlaneJoinsEtcdAndAWorkerJoinsBoth(Lab lab, @TempDir Path dir) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
        }
        try (LabApi api = LabApi.start(lab)) {
            KubernetesClient direct = api.direct();
            LabKubelets kubelets = api.kubelets();
            Path file = Files.writeString(dir.resolve("cluster.yaml"), LabClusterFile.yaml(lab, "lab", api.upstream(), 3, 10, 2));

            CliBasicsTest.Run up = CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "90s");
            assertEquals(0, up.exit(), up.out() + up.err() + "\nkubelets: " + kubelets.lastError());
            assertTrue(up.out().contains("[upload-certs] node1 done"), up.out());
            assertTrue(up.out().contains("[etcd-join] node2 done"), up.out());

            String members = lab.ssh(lab.node(2), "ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 "
                    + "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt "
                    + "--key /etc/kubernetes/pki/etcd/healthcheck-client.key member list");
            assertEquals(2, members.lines().filter(l -> l.contains(", started, ") && l.endsWith(", false")).count(),
                    members);
            assertTrue(members.contains(", node2, https://" + lab.node(2).address() + ":2380"), members);
            for (String shared : new String[] {"ca.crt", "ca.key", "sa.key", "front-proxy-ca.crt", "etcd/ca.crt"}) {
                assertEquals(lab.ssh(lab.node(1), "sha256sum /etc/kubernetes/pki/" + shared),
                        lab.ssh(lab.node(2), "sha256sum /etc/kubernetes/pki/" + shared), shared);
            }
            assertEquals("/var/lib/kubelet/pki/kubelet-client-current.pem: OK", lab.ssh(lab.node(3), "openssl verify "
                    + "-CAfile /etc/kubernetes/pki/ca.crt /var/lib/kubelet/pki/kubelet-client-current.pem").strip());

            CliBasicsTest.Run again = CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "90s");
            assertEquals(0, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("Cluster lab is up: 3 nodes, 0 changed."), again.out());
            // Nothing to upload when every control plane has the shared certificates, nothing to download either.
            assertTrue(again.out().contains("[upload-certs] node1 unchanged"), again.out());
            assertTrue(again.out().contains("already on the node, with the cluster's CA (not downloaded)"), again.out());
        } finally {
            lab.nodes().forEach(node -> KubeletStandIn.stop(lab, node));
        }
    }
}
