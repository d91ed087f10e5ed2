package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.pki.Pem;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code kubeconfig user} against a PKI made by {@code init phase certs}: real kubectl reads its output, real openssl
 * checks the certificate's subject and chain, and a child JVM with its own HOME and temporary directory shows that
 * the key reaches stdout only.
 */
class KubeconfigUserCommandTest {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  name: cp-1
                localAPIEndpoint:
                  advertiseAddress: 10.211.0.40
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                clusterName: lab
                controlPlaneEndpoint: api.lab.test:6443
                encryptionAlgorithm: ECDSA-P256
                """);
    }

    private Path pki(Path root, Path cfg) {
        CliBasicsTest.Run certs = CliBasicsTest.run("init", "phase", "certs", "ca", "--rootfs", root.toString(),
                "--config", cfg.toString());
        assertEquals(0, certs.exit(), certs.out() + certs.err());
        return root.resolve("etc/kubernetes/pki");
    }

    @Test
    void kubectlReadsItAndTheCertificateIsTheUsersSignedByTheCa() throws Exception {
        Requirements.requireTool("kubectl");
        Requirements.requireTool("openssl");
        Path cfg = config();
        Path root = dir.resolve("root");
        Path pki = pki(root, cfg);
        Map<String, String> before = FileTree.of(root);
        Instant start = Instant.now();

        CliBasicsTest.Run r = CliBasicsTest.run("kubeconfig", "user", "--rootfs", root.toString(), "--config",
                cfg.toString(), "--client-name", "jane", "--org", "dev", "--org", "ops", "--validity-period", "48h");
        assertEquals(0, r.exit(), r.err());
        assertEquals("", r.err());
        assertEquals(before, FileTree.of(root), "nothing written under --rootfs");

        Path file = Files.writeString(dir.resolve("jane.conf"), r.out());
        assertEquals("jane@lab", Commands.runChecked(dir, "kubectl", "--kubeconfig", file.toString(), "config",
                "current-context").strip());
        JsonNode view = JsonMapper.builder().build().readTree(Commands.runChecked(dir, "kubectl", "config", "view",
                "--kubeconfig", file.toString(), "--raw", "-o", "json"));
        JsonNode cluster = view.get("clusters").get(0);
        assertEquals("lab", cluster.get("name").asString());
        assertEquals("https://api.lab.test:6443", cluster.get("cluster").get("server").asString());
        assertEquals(Files.readString(pki.resolve("ca.crt")), decode(cluster.get("cluster")
                .get("certificate-authority-data")));
        JsonNode user = view.get("users").get(0);
        assertEquals("jane", user.get("name").asString());
        Path crt = Files.writeString(dir.resolve("jane.crt"), decode(user.get("user").get("client-certificate-data")));
        Path key = Files.writeString(dir.resolve("jane.key"), decode(user.get("user").get("client-key-data")));

        String subject = Commands.runChecked(dir, "openssl", "x509", "-in", crt.toString(), "-noout", "-subject",
                "-nameopt", "RFC2253");
        // both O values in one RDN, as Go writes them; a DER SET has no order of its own
        assertTrue(subject.strip().matches("subject=CN=jane,O=(dev\\+O=ops|ops\\+O=dev)"), subject);
        assertTrue(Commands.runChecked(dir, "openssl", "verify", "-CAfile", pki.resolve("ca.crt").toString(),
                crt.toString()).contains(": OK"));
        assertEquals(Commands.runChecked(dir, "openssl", "x509", "-in", crt.toString(), "-noout", "-pubkey"),
                Commands.runChecked(dir, "openssl", "pkey", "-in", key.toString(), "-pubout"), "the key is the certificate's");
        assertTrue(Files.readString(key).startsWith("-----BEGIN EC PRIVATE KEY-----"), "encryptionAlgorithm ECDSA-P256");
        X509Certificate cert = Pem.decodeCertificate(Files.readAllBytes(crt), "jane.crt");
        Duration left = Duration.between(start, cert.getNotAfter().toInstant());
        // whole seconds from the command's own start, a moment after this test's
        assertTrue(left.compareTo(Duration.ofHours(48).minusMinutes(1)) > 0
                && left.compareTo(Duration.ofHours(48).plusSeconds(2)) <= 0, left.toString());
        assertEquals(List.of("1.3.6.1.5.5.7.3.2"), cert.getExtendedKeyUsage(), "clientAuth only");
    }

    @Test
    void theKeyGoesToStdoutOnly() throws Exception {
        Path cfg = config();
        Path root = dir.resolve("root");
        pki(root, cfg);
        Path home = Files.createDirectories(dir.resolve("home"));
        Path tmp = Files.createDirectories(dir.resolve("tmp"));
        Map<String, String> before = FileTree.of(root);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");

        int exit = UpProcess.run(out, err, Map.of("HOME", home.toString(), "TMPDIR", tmp.toString()),
                List.of("-Djava.io.tmpdir=" + tmp, "-XX:-UsePerfData"), List.of("kubeconfig", "user", "--rootfs",
                        root.toString(), "--config", cfg.toString(), "--client-name", "bob", "--validity-period",
                        "9000h"));
        String stderr = Files.readString(err);
        assertEquals(0, exit, stderr);
        String key = decode(JsonMapper.builder().build().readTree(Commands.runChecked(dir, "kubectl", "config", "view",
                "--kubeconfig", out.toString(), "--raw", "-o", "json")).get("users").get(0).get("user")
                .get("client-key-data"));
        assertTrue(key.contains("PRIVATE KEY"), "stdout has the key");
        assertFalse(stderr.contains("PRIVATE") || stderr.contains("-----BEGIN"), stderr);
        String keyBody = key.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(stderr.contains(keyBody), stderr);
        // kubeadm's warning for a validity beyond the default
        assertTrue(stderr.contains("W: the specified certificate validity period 9000h0m0s is longer than the "
                + "default duration 8760h0m0s"), stderr);
        assertEquals(before, FileTree.of(root), "nothing written under --rootfs");
        assertEquals(Map.of(), FileTree.of(home), "nothing in HOME");
        assertEquals(Map.of(), FileTree.of(tmp), "nothing in TMPDIR or java.io.tmpdir");
    }

    @Test
    void withoutTheCaKeyItSaysWhatIsMissingAndTokenNeedsOnlyTheCertificate() throws Exception {
        Path cfg = config();
        Path root = dir.resolve("root");
        Path pki = pki(root, cfg);
        Files.delete(pki.resolve("ca.key"));
        CliBasicsTest.Run noKey = CliBasicsTest.run("kubeconfig", "user", "--rootfs", root.toString(), "--config",
                cfg.toString(), "--client-name", "jane");
        assertEquals(1, noKey.exit());
        assertTrue(noKey.err().contains("/etc/kubernetes/pki/ca.key") && noKey.err().contains("not found"), noKey.err());
        assertEquals("", noKey.out());

        CliBasicsTest.Run token = CliBasicsTest.run("kubeconfig", "user", "--rootfs", root.toString(), "--config",
                cfg.toString(), "--client-name", "robot", "--token", "abcdef.0123456789abcdef");
        assertEquals(0, token.exit(), token.err());
        assertTrue(token.out().contains("    token: abcdef.0123456789abcdef\n") && !token.out().contains("client-key"),
                token.out());

        assertEquals(2, CliBasicsTest.run("kubeconfig", "user", "--rootfs", root.toString()).exit(), "--client-name");
        assertEquals(2, CliBasicsTest.run("kubeconfig", "user", "--client-name", "x", "--validity-period", "1y").exit());
        assertEquals(2, CliBasicsTest.run("kubeconfig", "user", "--client-name", "x", "-o", "json").exit());
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asString()), StandardCharsets.US_ASCII);
    }
}
