package dev.bootstrap.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.EtcdProcess;
import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Removing a control plane's etcd member on two REAL etcd members, each started from an etcd.yaml in
 * its node's rootfs (as a kubelet would) with our etcd PKI: the member goes through the other control
 * plane's etcd (after a peer that cannot be reached), a second removal finds it gone, the last member
 * is kept, and with no etcd left the phase says plainly that nothing was removed. A real etcdctl checks.
 */
class EtcdMemberRemoverTest {

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

    @Test
    void removesTheMemberThroughAnotherControlPlaneOnceAndKeepsTheLast() throws Exception {
        Requirements.requireTool("etcd");
        Requirements.requireTool("etcdctl");
        int peer1 = ApiServerStandIn.freePort();
        int peer2 = ApiServerStandIn.freePort();
        String initial = "cp1=https://127.0.0.1:" + peer1 + ",cp2=https://127.0.0.1:" + peer2;
        Node cp1 = node("cp1", ApiServerStandIn.freePort(), peer1, initial);
        Node cp2 = node("cp2", ApiServerStandIn.freePort(), peer2, initial);
        PkiConfig config = PkiConfig.defaults("cp1", "127.0.0.1");
        new PkiGenerator(cp1.host()).generate(config, KubeadmCertificates.forConfig(config));
        Path etcdPki = Path.of("etc/kubernetes/pki/etcd");
        Files.createDirectories(cp2.root().resolve(etcdPki));
        try (var files = Files.list(cp1.root().resolve(etcdPki))) {
            for (Path f : files.toList()) {
                Files.copy(f, cp2.root().resolve(etcdPki).resolve(f.getFileName()));
            }
        }
        Map<String, Host> hosts = Map.of("cp1", cp1.host(), "cp2", cp2.host());
        EtcdMemberRemover remover = new EtcdMemberRemover(List.of("ghost", "cp1", "cp2"), name -> {
            if (!hosts.containsKey(name)) {
                throw new HostException(name, "cannot connect");
            }
            return hosts.get(name);
        });

        try (EtcdProcess etcd1 = EtcdProcess.start(cp1.pod(), cp1.root());
             EtcdProcess etcd2 = EtcdProcess.start(cp2.pod(), cp2.root())) {
            Path pki = cp1.root().resolve(etcdPki);
            assertTrue(etcd1.awaitHealthy("https://127.0.0.1:" + cp1.client(), pki.resolve("ca.crt"),
                    pki.resolve("healthcheck-client.crt"), pki.resolve("healthcheck-client.key")), etcd1.log());
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
            assertTrue(left.contains(", cp1, https://127.0.0.1:" + peer1), left);

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
}
