package dev.bootstrap.pki;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Requirements;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real etcd on loopback with the generated etcd server and peer certificates and client-cert auth:
 * etcdctl with healthcheck-client is healthy, with apiserver-kubelet-client (other CA) refused.
 */
class EtcdTlsTest {

    @TempDir
    Path rootfs;
    @TempDir
    Path dataDir;
    private Process etcd;

    @AfterEach
    void stopEtcd() throws InterruptedException {
        if (etcd != null) {
            etcd.destroy(); // by the Process we started, i.e. by its PID
            if (!etcd.waitFor(10, TimeUnit.SECONDS)) {
                etcd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void etcdctlIsHealthyWithHealthcheckClientAndRefusedWithAnotherCa() throws Exception {
        Path etcdBin = Requirements.requireTool("etcd");
        Path etcdctl = Requirements.requireTool("etcdctl");
        PkiFixture pki = PkiFixture.generate(rootfs, PkiConfig.builder("node-1", "127.0.0.1")
                .start(Instant.now().truncatedTo(ChronoUnit.SECONDS)).build());
        int clientPort = freePort();
        int peerPort = freePort();
        String client = "https://127.0.0.1:" + clientPort;
        String peer = "https://127.0.0.1:" + peerPort;
        Path log = dataDir.resolve("etcd.log");
        etcd = new ProcessBuilder(etcdBin.toString(), "--name", "node-1", "--data-dir", dataDir.resolve("data").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", "node-1=" + peer,
                "--cert-file", pki.pki("etcd/server.crt").toString(), "--key-file", pki.pki("etcd/server.key").toString(),
                "--trusted-ca-file", pki.pki("etcd/ca.crt").toString(), "--client-cert-auth=true",
                "--peer-cert-file", pki.pki("etcd/peer.crt").toString(), "--peer-key-file", pki.pki("etcd/peer.key").toString(),
                "--peer-trusted-ca-file", pki.pki("etcd/ca.crt").toString(), "--peer-client-cert-auth=true",
                "--logger=zap", "--log-outputs=stderr")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();

        List<String> healthcheck = etcdctl(etcdctl, client, pki, "etcd/healthcheck-client");
        boolean healthy = false;
        for (int i = 0; i < 60 && !healthy && etcd.isAlive(); i++) {
            healthy = Tool.run(healthcheck.toArray(String[]::new)).ok();
            if (!healthy) {
                Thread.sleep(250);
            }
        }
        assertTrue(healthy, "etcd healthy with etcd/healthcheck-client; etcd log:\n" + tail(log));

        Tool.Result refused = Tool.run(etcdctl(etcdctl, client, pki, "apiserver-kubelet-client").toArray(String[]::new));
        assertFalse(refused.ok(), "apiserver-kubelet-client is signed by the cluster CA, not etcd-ca: " + refused.all());
        // And the refusal is about TLS, not a dead server: the good client still works afterwards.
        assertTrue(Tool.run(healthcheck.toArray(String[]::new)).ok());
    }

    private static List<String> etcdctl(Path etcdctl, String endpoint, PkiFixture pki, String clientBase) {
        return List.of(etcdctl.toString(), "--endpoints", endpoint, "--dial-timeout", "3s", "--command-timeout", "5s",
                "--cacert", pki.pki("etcd/ca.crt").toString(), "--cert", pki.pki(clientBase + ".crt").toString(),
                "--key", pki.pki(clientBase + ".key").toString(), "endpoint", "health");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }
}
