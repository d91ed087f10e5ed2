package dev.bootstrap.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership through etcd's HTTP/JSON gateway against two REAL etcd processes on loopback, with our
 * generated etcd PKI and client-certificate auth: a learner is added, the second etcd starts with the
 * --initial-cluster the client computes, is promoted, and a real etcdctl sees two voting members.
 */
class EtcdMemberClientTest {

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEtcds() throws InterruptedException {
        for (Process p : started) {
            p.destroy(); // the processes this test started, by their handles
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Path pki(String name) {
        return dir.resolve("rootfs/etc/kubernetes/pki/" + name);
    }

    private EtcdMemberClient client(String endpoint, String clientCert) throws IOException {
        return new EtcdMemberClient(endpoint, Files.readAllBytes(pki("etcd/ca.crt")),
                Files.readAllBytes(pki(clientCert + ".crt")), Files.readAllBytes(pki(clientCert + ".key")));
    }

    private Process etcd(String name, int client, int peer, String initialCluster, String state) throws IOException {
        String clientUrl = "https://127.0.0.1:" + client;
        String peerUrl = "https://127.0.0.1:" + peer;
        Process p = new ProcessBuilder(Requirements.requireTool("etcd").toString(), "--name", name,
                "--data-dir", dir.resolve(name).toString(),
                "--listen-client-urls", clientUrl, "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl, "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", initialCluster, "--initial-cluster-state", state,
                "--cert-file", pki("etcd/server.crt").toString(), "--key-file", pki("etcd/server.key").toString(),
                "--trusted-ca-file", pki("etcd/ca.crt").toString(), "--client-cert-auth=true",
                "--peer-cert-file", pki("etcd/peer.crt").toString(), "--peer-key-file", pki("etcd/peer.key").toString(),
                "--peer-trusted-ca-file", pki("etcd/ca.crt").toString(), "--peer-client-cert-auth=true",
                "--logger=zap", "--log-outputs=stderr")
                .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    @Test
    void aLearnerIsAddedStartedWithTheComputedInitialClusterAndPromoted() throws Exception {
        Requirements.requireTool("etcd");
        Path etcdctl = Requirements.requireTool("etcdctl");
        PkiConfig config = PkiConfig.defaults("node-1", "127.0.0.1");
        new PkiGenerator(new LocalHost("test", dir.resolve("rootfs"))).generate(config, KubeadmCertificates.forConfig(config));
        int client1 = ApiServerStandIn.freePort();
        int peer1 = ApiServerStandIn.freePort();
        int client2 = ApiServerStandIn.freePort();
        int peer2 = ApiServerStandIn.freePort();
        etcd("node-1", client1, peer1, "node-1=https://127.0.0.1:" + peer1, "new");
        EtcdMemberClient members = client("https://127.0.0.1:" + client1, "apiserver-etcd-client");
        List<EtcdMemberClient.Member> one = eventually(members::list, "etcd node-1 answers member list");
        assertEquals(1, one.size());
        assertEquals("node-1", one.get(0).name());

        String newPeer = "https://127.0.0.1:" + peer2;
        EtcdMemberClient.Member added = members.add(List.of(newPeer), true);
        assertTrue(added.learner());
        assertEquals(List.of(newPeer), added.peerUrls());
        String initialCluster = EtcdMemberClient.initialCluster(members.list(), "node-2", newPeer);
        assertEquals(java.util.Set.of("node-1=https://127.0.0.1:" + peer1, "node-2=" + newPeer),
                java.util.Set.of(initialCluster.split(",")), "in etcd's member order: " + initialCluster);

        etcd("node-2", client2, peer2, initialCluster, "existing");
        eventually(() -> {
            members.promote(added.id());
            return true;
        }, "the learner node-2 is promoted once in sync");
        List<EtcdMemberClient.Member> two = members.list();
        assertEquals(2, two.size());
        assertTrue(two.stream().noneMatch(EtcdMemberClient.Member::learner), two.toString());

        String listed = Commands.runChecked(dir, etcdctl.toString(), "--endpoints", "https://127.0.0.1:" + client2,
                "--cacert", pki("etcd/ca.crt").toString(), "--cert", pki("etcd/healthcheck-client.crt").toString(),
                "--key", pki("etcd/healthcheck-client.key").toString(), "member", "list");
        assertEquals(2, listed.lines().filter(l -> l.contains(", started, ") && l.endsWith(", false")).count(), listed);
        assertTrue(listed.contains(", node-2, " + newPeer), listed);

        EtcdException refused = assertThrows(EtcdException.class,
                () -> client("https://127.0.0.1:" + client1, "apiserver-kubelet-client").list());
        assertTrue(refused.getMessage().startsWith("cannot reach etcd at https://127.0.0.1:" + client1
                + " (/v3/cluster/member/list)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("BEGIN"), "no key material in messages");
    }

    @Test
    void etcdJoinAddsTheLearnerOnceAndPromotesItWhenStarted() throws Exception {
        Requirements.requireTool("etcd");
        Path etcdctl = Requirements.requireTool("etcdctl");
        PkiConfig config = PkiConfig.defaults("node-1", "127.0.0.1");
        new PkiGenerator(new LocalHost("test", dir.resolve("rootfs"))).generate(config, KubeadmCertificates.forConfig(config));
        int client1 = ApiServerStandIn.freePort();
        int peer1 = ApiServerStandIn.freePort();
        int client2 = ApiServerStandIn.freePort();
        int peer2 = ApiServerStandIn.freePort();
        etcd("node-1", client1, peer1, "node-1=https://127.0.0.1:" + peer1, "new");
        EtcdMemberClient members = client("https://127.0.0.1:" + client1, "apiserver-etcd-client");
        eventually(members::list, "etcd node-1 answers member list");

        String newPeer = "https://127.0.0.1:" + peer2;
        EtcdJoin.Learner first = EtcdJoin.addLearner(members, "node-2", newPeer);
        EtcdJoin.Learner again = EtcdJoin.addLearner(members, "node-2", newPeer);
        assertTrue(first.added());
        assertFalse(again.added(), "a second run finds the learner by its peer URL");
        assertEquals(first.initialCluster(), again.initialCluster());
        assertEquals(2, members.list().size());

        EtcdException gone = assertThrows(EtcdException.class, () -> EtcdJoin.promote(members,
                "https://127.0.0.1:1", Duration.ofSeconds(5), Duration.ofMillis(200)));
        assertTrue(gone.getMessage().contains("etcd has no member with peer URL https://127.0.0.1:1"), gone.getMessage());

        etcd("node-2", client2, peer2, first.initialCluster(), "existing");
        EtcdMemberClient local = client("https://127.0.0.1:" + client2, "apiserver-etcd-client");
        // node-2's etcd may not listen yet: wait until it answers, and it answers as a learner.
        EtcdException learner = eventually(() -> {
            try {
                local.list();
                return new EtcdException("node-2 answered member list although it is a learner");
            } catch (EtcdException e) {
                if (e.getMessage().startsWith("cannot reach etcd")) {
                    throw e;
                }
                return e;
            }
        }, "etcd node-2 listens");
        assertTrue(learner.getMessage().contains("rpc not supported for learner"), "hence promote goes through an "
                + "existing member: " + learner.getMessage());
        assertTrue(EtcdJoin.promote(members, newPeer, Duration.ofSeconds(60), Duration.ofMillis(500)));
        assertFalse(EtcdJoin.promote(local, newPeer, Duration.ofSeconds(5), Duration.ofMillis(500)), "already voting");

        String listed = Commands.runChecked(dir, etcdctl.toString(), "--endpoints", "https://127.0.0.1:" + client2,
                "--cacert", pki("etcd/ca.crt").toString(), "--cert", pki("etcd/healthcheck-client.crt").toString(),
                "--key", pki("etcd/healthcheck-client.key").toString(), "member", "list");
        assertEquals(2, listed.lines().filter(l -> l.contains(", started, ") && l.endsWith(", false")).count(), listed);
    }

    private interface Call<T> {
        T call() throws Exception;
    }

    private <T> T eventually(Call<T> call, String what) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                return call.call();
            } catch (EtcdException e) {
                if (System.nanoTime() > until) {
                    throw new AssertionError(what + ": " + e.getMessage() + "\nnode-1 log:\n"
                            + Files.readString(dir.resolve("node-1.log")), e);
                }
                Thread.sleep(250);
            }
        }
    }
}
