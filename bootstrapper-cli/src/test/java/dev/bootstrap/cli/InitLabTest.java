package dev.bootstrap.cli;

import dev.bootstrap.config.VersionTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.MockApiServer;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.LabNodes;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bootstrap init --master=root@node1} over real SSH into a lab node. The kubelet's part is
 * played by the lab's kubelet stand-in (explicit service commands): it starts the REAL etcd from the
 * generated etcd.yaml inside the node, a TLS terminator with the generated apiserver certificate in
 * front of the fabric8 CRUD mock (the API STAND-IN, on the lab bridge), and health endpoints.
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class InitLabTest {

    @Test
    void initOverSshBringsUpRealEtcdOnNode1OnlyAndASecondRunChangesNothing(Lab lab) throws Exception {
        String node1 = lab.node(1).address();
        KubeletStandIn.install(lab, lab.node(1));
        try (MockApiServer api = new MockApiServer(InetAddress.getByName(lab.bridgeAddress()));
             KubernetesClient direct = api.client()) {
            // The node registers itself when its kubelet starts; the stand-in kubelet cannot, so the test does.
            direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().build()).create();
            String upstream = lab.bridgeAddress() + ":" + api.port();
            List<String> args = initArgs(lab, node1);
            args.addAll(KubeletStandIn.serviceFlags(upstream));
            CliBasicsTest.Run first = CliBasicsTest.run(args.toArray(String[]::new));
            assertEquals(0, first.exit(), first.out() + first.err());
            assertTrue(first.out().contains("[wait-control-plane] unchanged"), first.out());
            assertTrue(first.out().contains("kube-apiserver is healthy"), first.out());

            // The real etcd started from the generated manifest answers with the healthcheck client cert.
            String health = lab.ssh(lab.node(1), "ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 "
                    + "--cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt "
                    + "--key /etc/kubernetes/pki/etcd/healthcheck-client.key -w json endpoint health");
            assertTrue(health.contains("\"health\":true"), health);
            assertEquals("600 700", lab.ssh(lab.node(1), "stat -c %a /etc/kubernetes/admin.conf; "
                    + "stat -c %a /etc/kubernetes/manifests").replace("\n", " ").strip());
            assertEquals("absent", lab.ssh(lab.node(2), "test -e /etc/kubernetes/pki && echo present || echo absent").strip(),
                    "node2 untouched");

            // The API objects are in the stand-in, and the printed join command holds a valid token and node1's CA pin.
            Matcher join = Pattern.compile("bootstrap join (\\S+) --token (\\S+) \\\\\n\t--discovery-token-ca-cert-hash "
                    + "(sha256:[0-9a-f]{64})").matcher(first.out());
            assertTrue(join.find(), first.out());
            assertEquals(node1 + ":6443", join.group(1));
            String token = join.group(2);
            Secret secret = direct.secrets().inNamespace("kube-system").withName("bootstrap-token-" + token.substring(0, 6)).get();
            assertEquals(token.substring(7), new String(Base64.getDecoder().decode(secret.getData().get("token-secret"))));
            String pin = lab.ssh(lab.node(1), "openssl x509 -pubkey -noout -in /etc/kubernetes/pki/ca.crt "
                    + "| openssl pkey -pubin -outform der | openssl dgst -sha256 -hex | sed 's/^.* //'").strip();
            assertEquals("sha256:" + pin, join.group(3));
            ConfigMap clusterInfo = direct.configMaps().inNamespace("kube-public").withName("cluster-info").get();
            assertTrue(clusterInfo.getData().containsKey("jws-kubeconfig-" + token.substring(0, 6)));
            assertTrue(direct.configMaps().inNamespace("kube-system").withName("kubeadm-config").get() != null);
            assertTrue(direct.apps().deployments().inNamespace("kube-system").withName("coredns").get() != null);
            assertEquals("", direct.nodes().withName("node1").get().getMetadata().getLabels()
                    .get("node-role.kubernetes.io/control-plane"));

            args.add("-o");
            args.add("json");
            CliBasicsTest.Run second = CliBasicsTest.run(args.toArray(String[]::new));
            assertEquals(0, second.exit(), second.out() + second.err());
            assertTrue(second.out().contains("\"changed\":0"), second.out());
            assertTrue(second.out().contains("--token " + token), "the same token is reused: " + second.out());
        } finally {
            KubeletStandIn.stop(lab, lab.node(1));
        }
    }

    /**
     * init of node1 over SSH, the caller adding the kubelet service flags; short waits: a failure should
     * not cost CI four minutes.
     */
    static List<String> initArgs(Lab lab, String node1) throws Exception {
        Path config = Files.writeString(Files.createTempFile("init", ".yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                timeouts:
                  controlPlaneComponentHealthCheck: 60s
                  kubeletHealthCheck: 60s
                """);
        return new ArrayList<>(List.of("init", "--master=root@" + node1, "--config", config.toString(),
                "--ssh-key", lab.rootKey().toString(), "--ssh-known-hosts", lab.knownHosts().toString(),
                "--apiserver-advertise-address", node1, "--kubernetes-version", VersionTable.DEFAULT_VERSION,
                "--ignore-preflight-errors=all"));
    }
}
