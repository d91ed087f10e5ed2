package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootstrap.host.Shell;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.MockApiServer;
import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code bootstrap init --upload-certs} on node1, then {@code bootstrap join --control-plane} of node2,
 * both over real SSH. The kubelet's part is played by the lab's kubelet stand-in on both nodes: it
 * runs the REAL etcd from each node's generated etcd.yaml (node2's appears only after its kubelet
 * started) and a TLS terminator with each node's apiserver certificate in front of the API STAND-IN
 * (fabric8 CRUD mock on the lab bridge). What the stand-in cannot do, the test does as the kubelet
 * and controller-manager would: the etcd mirror Pods, the Node objects, and node2's TLS bootstrap
 * (a client certificate signed by node1's CA with real openssl).
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class ControlPlaneJoinLabTest {

    private static final String PKI = "/etc/kubernetes/pki";
    private static final String KUBELET_CLIENT_PEM = "/var/lib/kubelet/pki/kubelet-client-current.pem";
    private static final String SHARED = "ca.crt ca.key sa.key sa.pub front-proxy-ca.crt front-proxy-ca.key etcd/ca.crt etcd/ca.key";

    private record Printed(String endpoint, String token, String pin, String certificateKey) {
    }

    @Test
    void node2JoinsAsASecondControlPlaneAndRealEtcdRunsTwoVotingMembers(Lab lab) throws Exception {
        LabNode node1 = lab.node(1);
        LabNode node2 = lab.node(2);
        KubeletStandIn.install(lab, node1);
        KubeletStandIn.install(lab, node2);
        try (MockApiServer api = new MockApiServer(InetAddress.getByName(lab.bridgeAddress()));
             KubernetesClient direct = api.client()) {
            direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().build()).create();
            String upstream = lab.bridgeAddress() + ":" + api.port();
            List<String> init = InitLabTest.initArgs(lab, node1.address());
            init.addAll(KubeletStandIn.serviceFlags(upstream));
            init.addAll(List.of("--upload-certs", "--control-plane-endpoint", node1.address() + ":6443"));
            CliBasicsTest.Run initialized = CliBasicsTest.run(init.toArray(String[]::new));
            assertEquals(0, initialized.exit(), initialized.out() + initialized.err());
            Printed printed = printedJoin(initialized.out());
            assertEquals(node1.address() + ":6443", printed.endpoint());
            mirrorEtcdPod(lab, direct, node1);
            String originals = lab.ssh(node1, "cd " + PKI + " && sha256sum " + SHARED);

            List<String> join = joinArgs(lab, printed, upstream);
            assertControlPlaneChecksRunOnNode2(lab, join);

            CompletableFuture<CliBasicsTest.Run> run = CompletableFuture.supplyAsync(
                    () -> CliBasicsTest.run(join.toArray(String[]::new)));
            playKubeletTlsBootstrap(lab, direct, run);
            CliBasicsTest.Run joined = run.get(180, TimeUnit.SECONDS);
            String debug = joined.out() + joined.err() + "\nnode2 etcd log:\n"
                    + lab.ssh(node2, "cat " + KubeletStandIn.STATE + "/etcd.log 2>/dev/null | tail -n 30 || true");
            assertEquals(0, joined.exit(), debug);
            String etcd1 = "https://" + node1.address();
            assertTrue(joined.out().contains("added learner node2 at https://" + node2.address() + ":2380 through "
                    + etcd1 + ":2379 (annotation of Pod kube-system/etcd-node1)"), debug);
            assertTrue(joined.out().contains("promoted node2 to a voting member once in sync"), debug);
            assertTrue(joined.out().contains("root@node2: joined the cluster"), debug);
            assertFalse(joined.out().contains(printed.certificateKey()), "the certificate key is never printed");
            assertFalse(joined.out().contains(printed.token().substring(7)), "the token secret is never printed");

            // Real etcd on both nodes: two started, voting members, as each node's etcdctl sees them.
            for (LabNode node : List.of(node1, node2)) {
                String members = lab.ssh(node, "ETCDCTL_API=3 etcdctl --endpoints https://127.0.0.1:2379 --cacert "
                        + PKI + "/etcd/ca.crt --cert " + PKI + "/etcd/healthcheck-client.crt --key " + PKI
                        + "/etcd/healthcheck-client.key member list");
                assertEquals(2, members.lines().filter(l -> l.contains(", started, ") && l.endsWith(", false")).count(),
                        node.name() + ": " + members);
                assertTrue(members.contains(", started, node1, " + etcd1 + ":2380, " + etcd1 + ":2379, false"), members);
                assertTrue(members.contains(", started, node2, https://" + node2.address() + ":2380, https://"
                        + node2.address() + ":2379, false"), members);
            }
            String yaml = lab.ssh(node2, "cat /etc/kubernetes/manifests/etcd.yaml");
            assertTrue(yaml.contains("--initial-cluster-state=existing"), yaml);

            assertEquals(originals, lab.ssh(node2, "cd " + PKI + " && sha256sum " + SHARED),
                    "node2's shared certificates are node1's, byte for byte");
            assertOwnLeaves(lab, node1, node2);
            // The same files with the same modes as on node1, but super-admin.conf, which only init writes;
            // the modes are kubeadm's: key writer 0600 (keys, sa.pub), kubeconfigs and manifests 0600, certificates 0644.
            String files = "cd /etc/kubernetes && find . -printf '%p %m\\n' | sort";
            String node2Files = lab.ssh(node2, files);
            assertEquals(lab.ssh(node1, files).replace("./super-admin.conf 600\n", ""), node2Files);
            node2Files.lines().forEach(line -> assertEquals(kubeadmMode(line.substring(0, line.indexOf(' '))),
                    line.substring(line.indexOf(' ') + 1), line));
            assertEquals("", direct.nodes().withName("node2").get().getMetadata().getLabels()
                    .get("node-role.kubernetes.io/control-plane"));

            // Its kubelet would now mirror node2's etcd Pod; a second run then changes nothing and says so.
            mirrorEtcdPod(lab, direct, node2);
            String state = "stat -c '%n %Y %s' /etc/kubernetes/manifests/* " + PKI + "/apiserver.crt " + PKI
                    + "/etcd/server.crt /etc/kubernetes/admin.conf";
            String before = lab.ssh(node2, state);
            CliBasicsTest.Run again = CliBasicsTest.run(join.toArray(String[]::new));
            assertEquals(0, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("root@node2: already joined the cluster; nothing changed"), again.out());
            assertTrue(again.out().contains("is a voting member of the cluster already"), again.out());
            assertFalse(again.out().contains(" done ("), "no phase changed anything: " + again.out());
            assertEquals(before, lab.ssh(node2, state));
        } finally {
            for (LabNode node : lab.nodes()) {
                KubeletStandIn.stop(lab, node);
            }
        }
    }

    private static Printed printedJoin(String out) {
        Matcher m = Pattern.compile("bootstrap join (\\S+) --token (\\S+) \\\\\n\t--discovery-token-ca-cert-hash "
                + "(sha256:[0-9a-f]{64}) \\\\\n\t--control-plane --certificate-key ([0-9a-f]{64})").matcher(out);
        assertTrue(m.find(), out);
        return new Printed(m.group(1), m.group(2), m.group(3), m.group(4));
    }

    private static List<String> joinArgs(Lab lab, Printed printed, String upstream) {
        List<String> args = new ArrayList<>(List.of("join", printed.endpoint(), "--token", printed.token(),
                "--discovery-token-ca-cert-hash", printed.pin(), "--control-plane",
                "--certificate-key", printed.certificateKey(), "--node", "root@node2",
                "--ssh-config", lab.sshConfig().toString(), "--ssh-key", lab.rootKey().toString(),
                "--ssh-known-hosts", lab.knownHosts().toString(), "--ignore-preflight-errors", "all"));
        args.addAll(KubeletStandIn.serviceFlags(upstream));
        return args;
    }

    /**
     * kubeadm's control-plane checks run on the joining node itself: a dry run while something
     * listens on node2's etcd peer port reports it (as a warning, errors being ignored) and changes nothing.
     */
    private static void assertControlPlaneChecksRunOnNode2(Lab lab, List<String> join) {
        LabNode node2 = lab.node(2);
        String pid = lab.ssh(node2, "setsid /usr/bin/python3 -m http.server --bind 0.0.0.0 2380 >/dev/null 2>&1 "
                + "</dev/null & echo $!").strip();
        try {
            lab.await(node2, "ss -ltn | grep -q ':2380 '", Duration.ofSeconds(10));
            List<String> dry = new ArrayList<>(join);
            dry.add("--dry-run");
            CliBasicsTest.Run run = CliBasicsTest.run(dry.toArray(String[]::new));
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.out().contains("[WARNING Port-2380]: Port 2380 is in use"), run.out());
            assertTrue(run.out().contains("root@node2: dry run, nothing changed on the node"), run.out());
            assertEquals("absent", lab.ssh(node2, "test -e /etc/kubernetes/pki && echo present || echo absent").strip());
        } finally {
            lab.ssh(node2, "kill " + Shell.quote(pid) + " || true");
        }
    }

    /**
     * Once the join started node2's kubelet (the stand-in runs) and wrote bootstrap-kubelet.conf: what
     * the kubelet's TLS bootstrap leaves, its client certificate signed by the cluster CA on node1 (as
     * the controller-manager signs the CSR) and kubelet.conf, and the Node it registers.
     */
    private static void playKubeletTlsBootstrap(Lab lab, KubernetesClient direct, CompletableFuture<CliBasicsTest.Run> run)
            throws Exception {
        LabNode node2 = lab.node(2);
        long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!lab.ssh(node2, "test -e /etc/kubernetes/bootstrap-kubelet.conf && " + KubeletStandIn.PATH
                + " status && echo yes || true").strip().equals("yes")) {
            if (run.isDone()) {
                fail("join ended before node2's kubelet was started: " + run.get());
            }
            assertTrue(System.nanoTime() < until, "the join did not start node2's kubelet within 90 s");
            Thread.sleep(200);
        }
        String pem = lab.ssh(lab.node(1), "d=$(mktemp -d) && cd $d && openssl req -new -nodes -newkey ec "
                + "-pkeyopt ec_paramgen_curve:prime256v1 -keyout key.pem -subj '/O=system:nodes/CN=system:node:node2' "
                + "-out csr.pem 2>/dev/null && openssl x509 -req -in csr.pem -CA " + PKI + "/ca.crt -CAkey " + PKI
                + "/ca.key -set_serial 0x$(openssl rand -hex 8) -days 1 -out cert.pem 2>/dev/null && cat cert.pem key.pem; rm -rf $d");
        String ca = lab.ssh(lab.node(1), "cat " + PKI + "/ca.crt");
        byte[] conf = new KubeconfigRenderer(new TemplateRenderer(TemplateSource.builtIn())).render(
                "/etc/kubernetes/kubelet.conf", "kubernetes", "https://" + lab.node(1).address() + ":6443", ca,
                "system:node:node2", KubeconfigRenderer.Credentials.files(KUBELET_CLIENT_PEM, KUBELET_CLIENT_PEM)).content();
        lab.ssh(node2, "mkdir -p /var/lib/kubelet/pki && umask 077 && echo " + Shell.quote(base64(pem.getBytes()))
                + " | base64 -d > " + KUBELET_CLIENT_PEM + " && echo " + Shell.quote(base64(conf))
                + " | base64 -d > /etc/kubernetes/kubelet.conf");
        direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("node2").endMetadata().build()).create();
    }

    /** The mirror Pod a kubelet makes of a node's etcd.yaml (name etcd-NODE), with its advertise-client-urls annotation. */
    private static void mirrorEtcdPod(Lab lab, KubernetesClient direct, LabNode node) {
        Pod pod = new KubernetesSerialization().unmarshal(lab.ssh(node, "cat /etc/kubernetes/manifests/etcd.yaml"), Pod.class);
        pod.getMetadata().setName("etcd-" + node.name());
        pod.getMetadata().setNamespace("kube-system");
        pod.getSpec().setNodeName(node.name());
        direct.pods().inNamespace("kube-system").resource(pod).create();
    }

    /** node2's leaves are its own, issued for its name and address by the shared CAs (real openssl on node2). */
    private static void assertOwnLeaves(Lab lab, LabNode node1, LabNode node2) {
        String apiserver = lab.ssh(node2, "openssl x509 -in " + PKI + "/apiserver.crt -noout -subject -ext subjectAltName");
        assertTrue(apiserver.contains("DNS:node2") && apiserver.contains("IP Address:" + node2.address())
                && apiserver.contains("IP Address:" + node1.address()), "node2's name and address, and the "
                + "controlPlaneEndpoint's: " + apiserver);
        assertFalse(apiserver.contains("DNS:node1"), apiserver);
        for (String etcdLeaf : List.of("etcd/server.crt", "etcd/peer.crt")) {
            String text = lab.ssh(node2, "openssl x509 -in " + PKI + "/" + etcdLeaf + " -noout -subject -ext subjectAltName");
            assertTrue(text.contains("CN = node2") && text.contains("IP Address:" + node2.address()), etcdLeaf + ": " + text);
            assertFalse(text.contains(node1.address()), etcdLeaf + ": " + text);
        }
        assertEquals(String.join("\n", List.of(PKI + "/apiserver.crt: OK", PKI + "/apiserver-kubelet-client.crt: OK",
                PKI + "/apiserver-etcd-client.crt: OK", PKI + "/front-proxy-client.crt: OK")), lab.ssh(node2,
                "for c in apiserver apiserver-kubelet-client; do openssl verify -CAfile " + PKI + "/ca.crt " + PKI
                        + "/$c.crt; done; openssl verify -CAfile " + PKI + "/etcd/ca.crt " + PKI
                        + "/apiserver-etcd-client.crt; openssl verify -CAfile " + PKI + "/front-proxy-ca.crt " + PKI
                        + "/front-proxy-client.crt").strip());
        assertNotEquals(lab.ssh(node1, "cat " + PKI + "/apiserver.crt"), lab.ssh(node2, "cat " + PKI + "/apiserver.crt"));
    }

    private static String kubeadmMode(String path) {
        if (path.equals("./manifests")) {
            return "700";
        }
        return path.endsWith(".crt") ? "644" : path.matches(".*\\.(key|pub|conf|yaml)") ? "600" : "755";
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
