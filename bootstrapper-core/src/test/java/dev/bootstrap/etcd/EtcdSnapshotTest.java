package dev.bootstrap.etcd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.EtcdProcess;
import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A snapshot of a REAL etcd (started from our etcd.yaml with our PKI, on its own loopback address) taken through
 * the gateway, then judged by the real tools: etcdctl snapshot status reads it, etcdctl snapshot restore (which
 * checks etcd's sha256 at its end) restores it, sha256sum -c accepts the sum file.
 */
class EtcdSnapshotTest {

    private final String ip = "127." + ThreadLocalRandom.current().nextInt(1, 250) + "."
            + ThreadLocalRandom.current().nextInt(0, 250) + "." + ThreadLocalRandom.current().nextInt(2, 250);

    @TempDir
    Path root;
    @TempDir
    Path work;

    @Test
    void aSnapshotThroughTheGatewayIsOneEtcdctlReadsAndRestores() throws Exception {
        Requirements.requireTool("etcd");
        String etcdctl = Requirements.requireTool("etcdctl").toString();
        String sha256sum = Requirements.requireTool("sha256sum").toString();
        PkiConfig pki = PkiConfig.defaults("node1", ip);
        new PkiGenerator(new LocalHost("node1", root)).generate(pki, KubeadmCertificates.forConfig(pki));
        KubeadmConfig cluster = KubeadmConfigReader.readInit("cluster.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nkubernetesVersion: " + VersionTable.DEFAULT_VERSION + "\n", InitFlags.NONE);
        Pod pod = new KubernetesSerialization().unmarshal(new StaticPods(new TemplateRenderer(TemplateSource.builtIn()),
                cluster.forNode("node1", ip), new ControlPlaneFacts(p -> false, Map.of(), false)).etcd().text(), Pod.class);
        Path etcdPki = root.resolve("etc/kubernetes/pki/etcd");
        String endpoint = "https://" + ip + ":2379";
        List<String> tls = List.of("--endpoints", endpoint, "--cacert", etcdPki.resolve("ca.crt").toString(),
                "--cert", etcdPki.resolve("healthcheck-client.crt").toString(),
                "--key", etcdPki.resolve("healthcheck-client.key").toString());

        EtcdSnapshot.Saved saved;
        String revision;
        try (EtcdProcess etcd = EtcdProcess.start(EtcdProcess.ownLoopback(pod, ip), root)) {
            assertTrue(etcd.awaitHealthy(endpoint, etcdPki.resolve("ca.crt"), etcdPki.resolve("healthcheck-client.crt"),
                    etcdPki.resolve("healthcheck-client.key")), etcd.log());
            // Values large enough for the database to come in several messages (etcd sends 32 KiB each).
            Random random = new Random(7);
            for (int i = 0; i < 4; i++) {
                byte[] value = new byte[60_000];
                random.nextBytes(value);
                etcdctl(etcdctl, tls, "put", "/registry/secrets/default/s" + i, Base64.getEncoder().encodeToString(value));
            }
            revision = json(etcdctl(etcdctl, tls, "get", "/registry/secrets/default/s0", "-w", "json"))
                    .path("header").path("revision").asString();
            EtcdMemberClient client = new EtcdMemberClient(endpoint, Files.readAllBytes(etcdPki.resolve("ca.crt")),
                    Files.readAllBytes(etcdPki.resolve("healthcheck-client.crt")),
                    Files.readAllBytes(etcdPki.resolve("healthcheck-client.key")));
            saved = EtcdSnapshot.save(client, work.resolve("snapshots"), "node1",
                    Instant.parse("2026-03-01T10:15:30.700Z"), 5);
            // etcdctl's own snapshot of the same, unchanged database, to compare with.
            etcdctl(etcdctl, tls, "snapshot", "save", work.resolve("etcdctl.db").toString());
        }

        Path file = work.resolve("snapshots/etcd-snapshot-node1-20260301T101530Z.db");
        assertEquals(file, saved.file());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(Files.size(file), saved.size());
        assertTrue(saved.size() > 4 * 60_000, "the whole database: " + saved.size());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))),
                saved.sha256());
        assertEquals(List.of(), saved.removed());
        assertEquals(List.of(file.getFileName().toString(), file.getFileName() + ".sha256"),
                names(work.resolve("snapshots")), "no part files left");

        JsonNode status = json(etcdctl(etcdctl, List.of(), "snapshot", "status", file.toString(), "-w", "json"));
        assertEquals(revision, status.path("revision").asString(), status.toString());
        assertEquals(json(etcdctl(etcdctl, List.of(), "snapshot", "status", work.resolve("etcdctl.db").toString(),
                "-w", "json")), status, "hash, revision, totalKey and totalSize as etcdctl's own snapshot");
        assertEquals(Files.size(work.resolve("etcdctl.db")), saved.size(), "etcd's sha256 at the end, as etcdctl keeps it");
        etcdctl(etcdctl, List.of(), "snapshot", "restore", file.toString(), "--data-dir", work.resolve("restored").toString());
        assertTrue(Files.exists(work.resolve("restored/member/snap/db")));
        assertEquals(file.getFileName() + ": OK", Commands.runChecked(file.getParent(), sha256sum, "-c",
                saved.sumFile().getFileName().toString()).strip());
    }

    private String etcdctl(String etcdctl, List<String> tls, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(etcdctl));
        command.addAll(tls);
        command.addAll(List.of(args));
        return Commands.runChecked(work, command.toArray(String[]::new));
    }

    /** The JSON line of etcdctl's output (which may log around it). */
    private static JsonNode json(String output) {
        return JsonMapper.shared().readTree(output.lines().filter(l -> l.startsWith("{")).findFirst()
                .orElseThrow(() -> new AssertionError("no JSON in: " + output)));
    }

    static List<String> names(Path directory) throws Exception {
        try (var files = Files.list(directory)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }
}
