package dev.bootstrap.reset;

import dev.bootstrap.etcd.EtcdManifest;
import dev.bootstrap.config.VersionTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.EtcdProcess;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removing a control plane's etcd member on two REAL etcd members, each started from an etcd.yaml in
 * its node's rootfs (as a kubelet would) with our etcd PKI: the member goes through the other control
 * plane's etcd (after a peer that cannot be reached), a second removal finds it gone, the last member
 * is kept, and with no etcd left the phase says plainly that nothing was removed. A real etcdctl checks.
 * Then the whole of reset -f on those control planes and a worker (rootfs nodes).
 */
class ControlPlaneResetEtcdTest {

    private static final Path ETCD_PKI = Path.of("etc/kubernetes/pki/etcd");

    @TempDir
    Path dir;

    private record Node(String name, LocalHost host, Path root, int client, Pod pod) {
    }

    private Node node(String name, int client, int peer, String initialCluster) throws Exception {
        Path root = Files.createDirectories(dir.resolve(name));
        String pki = "/etc/kubernetes/pki/etcd/";
        String manifest = ControlPlaneRootfs.etcdManifest("/var/lib/etcd", List.of("--name=" + name,
                "--data-dir=/var/lib/etcd", "--listen-client-urls=https://127.0.0.1:" + client,
                "--advertise-client-urls=https://127.0.0.1:" + client, "--listen-peer-urls=https://127.0.0.1:" + peer,
                "--initial-advertise-peer-urls=https://127.0.0.1:" + peer, "--initial-cluster=" + initialCluster,
                "--initial-cluster-state=new", "--cert-file=" + pki + "server.crt", "--key-file=" + pki + "server.key",
                "--trusted-ca-file=" + pki + "ca.crt", "--client-cert-auth=true", "--peer-cert-file=" + pki + "peer.crt",
                "--peer-key-file=" + pki + "peer.key", "--peer-trusted-ca-file=" + pki + "ca.crt",
                "--peer-client-cert-auth=true"));
        LocalHost host = new LocalHost(name, root);
        host.writeFile(EtcdManifest.PATH, manifest.getBytes(StandardCharsets.UTF_8), 0600);
        return new Node(name, host, root, client, new KubernetesSerialization().unmarshal(manifest, Pod.class));
    }

    private String members(Node via) throws Exception {
        Path pki = via.root().resolve("etc/kubernetes/pki/etcd");
        return Commands.runChecked(dir, Requirements.requireTool("etcdctl").toString(), "--endpoints",
                "https://127.0.0.1:" + via.client(), "--cacert", pki.resolve("ca.crt").toString(), "--cert",
                pki.resolve("healthcheck-client.crt").toString(), "--key", pki.resolve("healthcheck-client.key")
                        .toString(), "member", "list");
    }

    /** Two control planes cp1 and cp2 whose etcd.yaml form one two-member cluster, sharing our etcd PKI. */
    private List<Node> twoControlPlanes() throws Exception {
        Requirements.requireTool("etcd");
        Requirements.requireTool("etcdctl");
        int peer1 = ApiServerStandIn.freePort();
        int peer2 = ApiServerStandIn.freePort();
        String initial = "cp1=https://127.0.0.1:" + peer1 + ",cp2=https://127.0.0.1:" + peer2;
        Node cp1 = node("cp1", ApiServerStandIn.freePort(), peer1, initial);
        Node cp2 = node("cp2", ApiServerStandIn.freePort(), peer2, initial);
        PkiConfig config = PkiConfig.defaults("cp1", "127.0.0.1");
        new PkiGenerator(cp1.host()).generate(config, KubeadmCertificates.forConfig(config));
        Files.createDirectories(cp2.root().resolve(ETCD_PKI));
        try (var files = Files.list(cp1.root().resolve(ETCD_PKI))) {
            for (Path f : files.toList()) {
                Files.copy(f, cp2.root().resolve(ETCD_PKI).resolve(f.getFileName()));
            }
        }
        return List.of(cp1, cp2);
    }

    private static void awaitHealthy(EtcdProcess etcd, Node node) throws Exception {
        Path pki = node.root().resolve(ETCD_PKI);
        assertTrue(etcd.awaitHealthy("https://127.0.0.1:" + node.client(), pki.resolve("ca.crt"),
                pki.resolve("healthcheck-client.crt"), pki.resolve("healthcheck-client.key")), etcd.log());
    }

    @Test
    void removesTheMemberThroughAnotherControlPlaneOnceAndKeepsTheLast() throws Exception {
        List<Node> nodes = twoControlPlanes();
        Node cp1 = nodes.get(0);
        Node cp2 = nodes.get(1);
        Map<String, Host> hosts = Map.of("cp1", cp1.host(), "cp2", cp2.host());
        EtcdApiMemberRemoval remover = new EtcdApiMemberRemoval(List.of("ghost", "cp1", "cp2"), name -> {
            if (!hosts.containsKey(name)) {
                throw new HostException(name, "cannot connect");
            }
            return hosts.get(name);
        });

        try (EtcdProcess etcd1 = EtcdProcess.start(cp1.pod(), cp1.root());
             EtcdProcess etcd2 = EtcdProcess.start(cp2.pod(), cp2.root())) {
            awaitHealthy(etcd1, cp1);
            assertEquals(2, members(cp1).lines().count());

            List<String> dry = remover.removeMember(cp2.host(), true);
            assertTrue(Pattern.matches("\\[dryrun] Would remove the etcd member cp2 \\(ID \\d+\\) from the etcd "
                    + "cluster through cp1", dry.get(0)), dry.toString());
            assertEquals(2, members(cp1).lines().count(), "a dry run removes nothing");

            List<String> removed = remover.removeMember(cp2.host(), false);
            assertTrue(Pattern.matches("Removed the etcd member cp2 \\(ID \\d+\\) from the etcd cluster through cp1",
                    removed.get(0)), removed.toString());
            String left = members(cp1);
            assertEquals(1, left.lines().count(), left);
            assertTrue(left.contains(", cp1, https://127.0.0.1:"), left);

            assertEquals(List.of("The etcd member of cp2 is not in the etcd cluster (already removed; asked cp1)"),
                    remover.removeMember(cp2.host(), false));
            List<String> last = remover.removeMember(cp1.host(), false);
            assertTrue(Pattern.matches("The etcd member cp1 \\(ID \\d+\\) is the last member of its etcd cluster: "
                    + "nothing to remove it from", last.get(0)), last.toString());
            assertEquals(1, members(cp1).lines().count());
        }

        List<String> none = remover.removeMember(cp1.host(), false);
        assertEquals(1, none.size(), none.toString());
        assertTrue(none.get(0).startsWith("warning: this node's etcd member was NOT removed from the etcd cluster: no "
                + "etcd answered ([ghost] cannot connect; cp2: cannot reach etcd at https://127.0.0.1:" + cp2.client()),
                none.get(0));
        assertTrue(none.get(0).contains("; cp1: cannot reach etcd at https://127.0.0.1:" + cp1.client()), none.get(0));
    }

    @Test
    void aClusterResetGoesWorkersFirstRemovesTheFurtherControlPlaneThroughTheFirstAndTheFirstLast() throws Exception {
        List<Node> nodes = twoControlPlanes();
        Node cp1 = nodes.get(0);
        Node cp2 = nodes.get(1);
        LocalHost worker = new LocalHost("w1", Files.createDirectories(dir.resolve("w1")));
        for (Host h : List.of(cp1.host(), cp2.host(), worker)) {
            h.writeFile("/etc/kubernetes/kubelet.conf", "kind: Config\n".getBytes(StandardCharsets.UTF_8), 0600);
            h.writeFile("/etc/kubernetes/bootstrap/journal.json", "{}".getBytes(StandardCharsets.UTF_8), 0600);
        }
        ClusterFile file = ClusterFileReader.read("cluster.yaml", """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: test
                spec:
                  kubernetesVersion: %s
                  controlPlaneEndpoint: 127.0.0.1:6443
                  serviceManager:
                    type: commands
                    start: "true"
                    stop: "true"
                    status: "false"
                  nodes:
                    - {name: cp1, address: 127.0.0.2, role: control-plane}
                    - {name: cp2, address: 127.0.0.3, role: control-plane}
                    - {name: w1, address: 127.0.0.4, role: worker}
                """.formatted(VersionTable.DEFAULT_VERSION), Map.of());
        Map<String, Host> hosts = Map.of("cp1", cp1.host(), "cp2", cp2.host(), "w1", worker);
        ClusterReset reset = new ClusterReset(file, hosts::get, file.serviceManager().create(),
                new ResetOptions(false, false));
        List<PhaseEvent> events = new CopyOnWriteArrayList<>();

        try (EtcdProcess etcd1 = EtcdProcess.start(cp1.pod(), cp1.root());
             EtcdProcess etcd2 = EtcdProcess.start(cp2.pod(), cp2.root())) {
            awaitHealthy(etcd1, cp1);
            ClusterReset.Result result = reset.run(ClusterReset.select(file, List.of()),
                    LockHolder.ofThisProcess("test"), events::add);
            assertTrue(result.report().ok(), result.report().failures().toString());
            assertEquals(List.of(), result.notes(), "the lock was taken on cp1 without remarks");

            List<String> order = events.stream().map(PhaseEvent::host).distinct().toList();
            assertEquals(List.of("w1", "cp2", "cp1"), order);
            String cp2Removal = String.join("\n", result.report().result("cp2", "remove-etcd-member").orElseThrow()
                    .details());
            assertTrue(Pattern.compile("^Removed the etcd member cp2 \\(ID \\d+\\) from the etcd cluster through cp1$",
                    Pattern.MULTILINE).matcher(cp2Removal).find(), cp2Removal);
            String cp1Removal = String.join("\n", result.report().result("cp1", "remove-etcd-member").orElseThrow()
                    .details());
            assertTrue(cp1Removal.contains("The etcd member cp1 (ID "), cp1Removal);
            assertTrue(cp1Removal.contains(") is the last member of its etcd cluster"), cp1Removal);
        }
        for (Node n : nodes) {
            assertTrue(n.host().readFile("/etc/kubernetes/manifests/etcd.yaml").isEmpty(), n.name());
            try (var data = Files.list(n.root().resolve("var/lib/etcd"))) {
                assertEquals(0, data.count(), "etcd data deleted on " + n.name());
            }
        }
        for (Host h : hosts.values()) {
            assertTrue(h.readFile("/etc/kubernetes/kubelet.conf").isEmpty(), h.name());
            assertTrue(h.readFile("/etc/kubernetes/bootstrap/journal.json").isEmpty(), h.name());
        }
        assertTrue(cp1.host().readFile("/etc/kubernetes/bootstrap/lock").isEmpty(), "the lock was released");

        ClusterReset.Result again = reset.run(ClusterReset.select(file, List.of()), LockHolder.ofThisProcess("test"),
                e -> { });
        assertTrue(again.report().ok(), again.report().failures().toString());
        assertEquals(0, again.report().changed(), again.report().byHost().toString());
    }
}
