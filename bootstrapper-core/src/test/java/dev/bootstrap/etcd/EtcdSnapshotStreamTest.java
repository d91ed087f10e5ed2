package dev.bootstrap.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsServer;
import dev.bootstrap.pki.AltNames;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.ExtKeyUsage;
import dev.bootstrap.pki.IssuedCertificate;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.testing.LocalHttps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The snapshot stream's failures against a TLS STAND-IN of etcd's gateway (a stream cut short, an error in the
 * stream, a wrong sha256, a refusal): each is an EtcdException naming the endpoint and leaves no file. And the
 * retention of snapshots by name.
 */
class EtcdSnapshotStreamTest {

    private static final CertificateAuthority CA = LocalHttps.ca("etcd-ca");
    private static final byte[] DATABASE = new byte[100_000];

    static {
        new Random(1).nextBytes(DATABASE);
    }

    @TempDir
    Path dir;
    private final AtomicReference<byte[]> answer = new AtomicReference<>();
    private final AtomicReference<String> request = new AtomicReference<>();
    private HttpsServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A client of a gateway STAND-IN that answers 200 with {@link #answer}'s bytes, then ends the stream. */
    private EtcdMemberClient client() throws IOException {
        return client(ex -> {
            request.set(ex.getRequestMethod() + " " + ex.getRequestURI() + " "
                    + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            stream(ex, 200, answer.get());
        });
    }

    private EtcdMemberClient client(HttpHandler handler) throws IOException {
        server = LocalHttps.start(CA, "127.0.0.1", handler);
        IssuedCertificate identity = CA.issue(new CertRequest("client", List.of(), AltNames.builder().build(),
                Set.of(ExtKeyUsage.CLIENT_AUTH), Instant.now(), Duration.ofDays(1)), KeyAlgorithm.ECDSA_P256);
        return new EtcdMemberClient(endpoint(), Pem.encodeCertificate(CA.certificate()), identity.certificatePem(),
                identity.keyPem());
    }

    private String endpoint() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void stream(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.sendResponseHeaders(status, 0); // chunked, as the gateway streams
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** etcd's messages for {@code data} in 32 KiB blobs, then its sha256 ({@code hash}), one JSON object a line. */
    private static List<String> messages(byte[] data, byte[] hash, String header) {
        List<String> lines = new ArrayList<>();
        for (int at = 0; at < data.length; at += 32 * 1024) {
            int end = Math.min(data.length, at + 32 * 1024);
            lines.add(result(header, data.length - end, Arrays.copyOfRange(data, at, end)));
        }
        lines.add(result(header, 0, hash));
        return lines;
    }

    private static String result(String header, long remaining, byte[] blob) {
        return "{\"result\":{" + header + (remaining == 0 ? "" : "\"remaining_bytes\":\"" + remaining + "\",")
                + "\"blob\":\"" + Base64.getEncoder().encodeToString(blob) + "\"}}";
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private void answer(List<String> lines) {
        answer.set((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private EtcdException failedSave(EtcdMemberClient client) {
        EtcdException e = assertThrows(EtcdException.class, () -> EtcdSnapshot.save(client, dir, "cp1",
                Instant.parse("2026-03-01T10:15:30Z"), 3));
        assertTrue(e.getMessage().contains("etcd at " + endpoint()), e.getMessage());
        try {
            assertEquals(List.of(), EtcdSnapshotTest.names(dir), "no snapshot, sum or part file is left");
        } catch (Exception io) {
            throw new AssertionError(io);
        }
        return e;
    }

    @Test
    void aWholeStreamIsTheDatabaseAndEtcdsHashAsEtcdctlSavesIt() throws Exception {
        EtcdMemberClient client = client();
        answer(messages(DATABASE, sha256(DATABASE), "\"header\":{\"cluster_id\":\"1\",\"revision\":\"42\"},"));
        EtcdSnapshot.Saved saved = EtcdSnapshot.save(client, dir.resolve("new"), "cp1", Instant.parse("2026-03-01T10:15:30Z"), 3);

        assertEquals("POST /v3/maintenance/snapshot {}", request.get());
        byte[] file = Files.readAllBytes(saved.file());
        assertArrayEquals(DATABASE, Arrays.copyOf(file, DATABASE.length));
        assertArrayEquals(sha256(DATABASE), Arrays.copyOfRange(file, DATABASE.length, file.length));
        assertEquals(DATABASE.length + 32, saved.size());
        assertEquals(OptionalLong.of(42), saved.revision());
        assertEquals(java.util.HexFormat.of().formatHex(sha256(file)) + "  etcd-snapshot-cp1-20260301T101530Z.db\n",
                Files.readString(saved.sumFile()));
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve("new"))), "a new snapshot directory is the owner's");
    }

    @Test
    void aStreamThatEndsBeforeTheLastBytesIsAnError() throws Exception {
        EtcdMemberClient client = client();
        answer(messages(DATABASE, sha256(DATABASE), "").subList(0, 2));
        EtcdException e = failedSave(client);
        assertTrue(e.getMessage().endsWith("ended early with " + (DATABASE.length - 2 * 32 * 1024)
                + " bytes to come (after 65536 bytes)"), e.getMessage());
    }

    @Test
    void aStreamWithoutEtcdsHashOrWithAWrongOneIsAnError() throws Exception {
        EtcdMemberClient client = client();
        List<String> whole = messages(DATABASE, sha256(DATABASE), "");
        answer(whole.subList(0, whole.size() - 1));
        assertTrue(failedSave(client).getMessage().contains("ended without the data's sha256"));

        byte[] other = DATABASE.clone();
        other[5]++;
        answer(messages(DATABASE, sha256(other), ""));
        assertTrue(failedSave(client).getMessage().contains("sent data whose sha256 is "));
    }

    @Test
    void anErrorInTheStreamIsAnErrorWithEtcdsMessage() throws Exception {
        EtcdMemberClient client = client();
        List<String> lines = new ArrayList<>(messages(DATABASE, sha256(DATABASE), "").subList(0, 1));
        lines.add("{\"error\":{\"grpc_code\":14,\"http_code\":503,\"message\":\"etcdserver: leader changed\","
                + "\"http_status\":\"Service Unavailable\"}}");
        answer(lines);
        EtcdException e = failedSave(client);
        assertEquals("the snapshot from etcd at " + endpoint() + " failed: etcdserver: leader changed (after 32768 bytes)",
                e.getMessage());
    }

    @Test
    void aStreamCutMidMessageIsAnError() throws Exception {
        EtcdMemberClient client = client();
        String first = messages(DATABASE, sha256(DATABASE), "").get(0);
        answer.set(first.substring(0, 5000).getBytes(StandardCharsets.UTF_8));
        assertTrue(failedSave(client).getMessage().contains(" broke off: "));
    }

    @Test
    void aRefusalIsAnErrorWithTheGatewaysMessage() throws Exception {
        EtcdMemberClient client = client(ex -> stream(ex, 403,
                "{\"error\":\"etcdserver: permission denied\",\"message\":\"etcdserver: permission denied\",\"code\":7}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals("etcd at " + endpoint() + " refused /v3/maintenance/snapshot (HTTP 403): etcdserver: permission "
                + "denied", failedSave(client).getMessage());
    }

    @Test
    void theNewestSnapshotsOfTheNameStayAndOlderOnesGoWithTheirSums() throws Exception {
        EtcdMemberClient client = client();
        answer(messages(DATABASE, sha256(DATABASE), ""));
        List<String> old = List.of("etcd-snapshot-cp1-20260101T000000Z.db", "etcd-snapshot-cp1-20260201T000000Z.db",
                "etcd-snapshot-cp1-20260215T120000Z.db");
        List<String> others = List.of("etcd-snapshot-cp1-b-20250101T000000Z.db", "etcd-snapshot-cp10-20250101T000000Z.db",
                "etcd-snapshot-cp1-latest.db", "notes.txt");
        for (String name : concat(old, others)) {
            Files.writeString(dir.resolve(name), "x");
        }
        for (String name : old) {
            Files.writeString(dir.resolve(name + ".sha256"), "x");
        }

        EtcdSnapshot.Saved saved = EtcdSnapshot.save(client, dir, "cp1", Instant.parse("2026-03-01T10:15:30Z"), 3);
        assertEquals(List.of(dir.resolve(old.get(0))), saved.removed());
        List<String> kept = new ArrayList<>(concat(others, old.subList(1, 3)));
        old.subList(1, 3).forEach(n -> kept.add(n + ".sha256"));
        kept.add(saved.file().getFileName().toString());
        kept.add(saved.sumFile().getFileName().toString());
        assertEquals(kept.stream().sorted().toList(), EtcdSnapshotTest.names(dir));

        // A snapshot stamped before the others (a clock behind) is still one of the three kept.
        EtcdSnapshot.Saved behind = EtcdSnapshot.save(client, dir, "cp1", Instant.parse("2025-12-31T00:00:00Z"), 3);
        assertEquals(List.of(dir.resolve(old.get(1))), behind.removed());
        assertTrue(Files.exists(behind.file()) && Files.exists(behind.sumFile()));
        assertEquals(List.of(dir.resolve(old.get(2)), behind.file()), EtcdSnapshot.prune(dir, "cp1", 1),
                "prune alone keeps the newest by name");
        assertEquals(List.of(saved.file().getFileName().toString(), saved.sumFile().getFileName().toString()),
                EtcdSnapshotTest.names(dir).stream().filter(n -> n.matches("etcd-snapshot-cp1-\\d.*")).toList());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
