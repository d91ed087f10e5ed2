package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.LocalNetwork;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.pki.CaPin;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The certs commands through the real picocli command line: flags, output, exit codes. */
class CertsCommandsTest {

    @TempDir
    Path dir;

    private static CliBasicsTest.Run run(String... args) {
        return CliBasicsTest.run(args);
    }

    private CliBasicsTest.Run certsAll(String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("init", "phase", "certs", "all", "--cert-dir",
                dir.resolve("pki").toString(), "--node-name", "node-1", "--apiserver-advertise-address", "10.211.0.10",
                "--encryption-algorithm", "ECDSA-P256"));
        args.addAll(List.of(extra));
        return run(args.toArray(String[]::new));
    }

    @Test
    void generatesAllWithKubeadmsLinesThenReusesThem() {
        CliBasicsTest.Run first = certsAll("--control-plane-endpoint", "api.example.test:6443");
        assertEquals(0, first.exit(), first.err());
        String pki = dir.resolve("pki").toString();
        assertEquals(List.of(
                "[certs] Using certificateDir folder \"" + pki + "\"",
                "[certs] Generating \"ca\" certificate and key",
                "[certs] Generating \"apiserver\" certificate and key",
                "[certs] apiserver serving cert is signed for DNS names [api.example.test kubernetes kubernetes.default "
                        + "kubernetes.default.svc kubernetes.default.svc.cluster.local node-1] and IPs [10.96.0.1 10.211.0.10]",
                "[certs] Generating \"apiserver-kubelet-client\" certificate and key",
                "[certs] Generating \"front-proxy-ca\" certificate and key",
                "[certs] Generating \"front-proxy-client\" certificate and key",
                "[certs] Generating \"etcd/ca\" certificate and key",
                "[certs] Generating \"etcd/server\" certificate and key",
                "[certs] etcd/server serving cert is signed for DNS names [localhost node-1] and IPs [10.211.0.10 127.0.0.1 ::1]",
                "[certs] Generating \"etcd/peer\" certificate and key",
                "[certs] etcd/peer serving cert is signed for DNS names [localhost node-1] and IPs [10.211.0.10 127.0.0.1 ::1]",
                "[certs] Generating \"etcd/healthcheck-client\" certificate and key",
                "[certs] Generating \"apiserver-etcd-client\" certificate and key",
                "[certs] Generating \"sa\" key and public key"), first.out().lines().toList());

        CliBasicsTest.Run again = certsAll("--control-plane-endpoint", "api.example.test:6443");
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("[certs] Using existing ca certificate authority\n"), again.out());
        assertTrue(again.out().contains("[certs] Using existing etcd/peer certificate and key on disk\n"), again.out());
        assertTrue(again.out().contains("[certs] Using the existing \"sa\" key\n"), again.out());
        assertTrue(!again.out().contains("Generating"), again.out());

        CliBasicsTest.Run json = certsAll("-o", "json", "--control-plane-endpoint", "api.example.test:6443");
        JsonNode doc = JsonMapper.builder().build().readTree(json.out());
        assertEquals(11, doc.get("certificates").size());
        assertEquals("reused", doc.get("certificates").get(0).get("action").asString());
        assertEquals("ECDSA-P256", doc.get("algorithm").asString());
    }

    @Test
    void certDirResolvesUnderRootfsAndOneNameMakesOneEntry() {
        CliBasicsTest.Run r = run("init", "phase", "certs", "ca", "--rootfs", dir.toString(),
                "--encryption-algorithm", "ECDSA-P256", "--node-name", "n1", "--apiserver-advertise-address", "10.0.0.1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(dir.resolve("etc/kubernetes/pki/ca.crt")));
        assertTrue(Files.exists(dir.resolve("etc/kubernetes/pki/ca.key")));
        assertEquals(2, count(dir.resolve("etc/kubernetes/pki")));
    }

    @Test
    void defaultAdvertiseAddressIsThePrimaryIpv4() {
        CliBasicsTest.Run r = run("init", "phase", "certs", "all", "--cert-dir", dir.toString(), "--encryption-algorithm",
                "ECDSA-P256", "-o", "json");
        assertEquals(0, r.exit(), r.err());
        String expected = LocalNetwork.primaryIPv4().map(IpAddresses::format).orElse("127.0.0.1");
        JsonNode apiserver = JsonMapper.builder().build().readTree(r.out()).get("certificates").get(1);
        assertEquals("apiserver", apiserver.get("name").asString());
        assertTrue(apiserver.get("ips").toString().contains("\"" + expected + "\""), apiserver.toString());
        assertTrue(apiserver.get("dnsNames").toString().contains("\"" + LocalNetwork.hostname() + "\""));
        assertEquals(LocalNetwork.primaryIPv4().isEmpty(), r.err().contains("using 127.0.0.1"), r.err());
    }

    @Test
    void badFlagsAreErrorsNamingTheFlagAndWriteNothing() throws Exception {
        CliBasicsTest.Run cidr = certsAll("--service-cidr", "10.96.0.0/33");
        assertEquals(1, cidr.exit());
        // read as init reads its flags, so the error is init's: the flag, the field, the value
        assertTrue(cidr.err().startsWith("error: flag --service-cidr: ClusterConfiguration.networking.serviceSubnet: "
                + "\"10.96.0.0/33\""), cidr.err());
        CliBasicsTest.Run san = certsAll("--apiserver-cert-extra-sans", "ok.example,has space");
        assertEquals(1, san.exit());
        assertTrue(san.err().contains("flag --apiserver-cert-extra-sans: ClusterConfiguration.apiServer.certSANs[1]: "
                + "\"has space\""), san.err());
        CliBasicsTest.Run ip = run("init", "phase", "certs", "all", "--cert-dir", dir.resolve("pki").toString(),
                "--apiserver-advertise-address", "1.2.3");
        assertEquals(1, ip.exit());
        assertTrue(ip.err().contains("flag --apiserver-advertise-address: ") && ip.err().contains("\"1.2.3\""), ip.err());
        assertTrue(Files.notExists(dir.resolve("pki")), "nothing written");

        assertEquals(2, certsAll("--encryption-algorithm", "DSA-1024").exit());
        assertEquals(2, certsAll("--kubernetes-version", "v1.29.3").exit());
        assertEquals(2, run("init", "phase", "certs", "nope", "--cert-dir", dir.toString()).exit());
    }

    private Path kubeadmConfig() throws Exception {
        return Files.writeString(dir.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  name: cfg-node
                localAPIEndpoint:
                  advertiseAddress: 10.211.0.20
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                certificatesDir: /pki-from-config
                controlPlaneEndpoint: cp.example.test:6443
                encryptionAlgorithm: ECDSA-P256
                networking:
                  serviceSubnet: 10.100.0.0/16
                  dnsDomain: corp.local
                apiServer:
                  certSANs: [san.example.test, 10.211.0.99]
                """);
    }

    private static String sans(Path crt) throws Exception {
        return Pem.decodeCertificate(Files.readAllBytes(crt), crt.toString()).getSubjectAlternativeNames().toString();
    }

    @Test
    void initPhaseCertsTakesInitsConfigAndGivenFlagsWin() throws Exception {
        Path cfg = kubeadmConfig();
        Path root = dir.resolve("root");
        CliBasicsTest.Run r = run("init", "phase", "certs", "all", "--rootfs", root.toString(), "--config", cfg.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("[certs] Using certificateDir folder \"/pki-from-config\""), r.out());
        Path apiserver = root.resolve("pki-from-config/apiserver.crt");
        String sans = sans(apiserver);
        for (String san : List.of("cfg-node", "cp.example.test", "san.example.test", "kubernetes.default.svc.corp.local",
                "10.100.0.1", "10.211.0.20", "10.211.0.99")) {
            assertTrue(sans.contains(san), san + " in " + sans);
        }
        assertEquals("EC", Pem.decodeCertificate(Files.readAllBytes(apiserver), "apiserver.crt").getPublicKey().getAlgorithm());

        Path other = dir.resolve("other");
        CliBasicsTest.Run flags = run("init", "phase", "certs", "all", "--rootfs", other.toString(), "--config",
                cfg.toString(), "--cert-dir", "/flag-pki", "--service-cidr", "10.200.0.0/16",
                "--encryption-algorithm", "RSA-2048", "--node-name", "flag-node");
        assertEquals(0, flags.exit(), flags.out() + flags.err());
        String flagSans = sans(other.resolve("flag-pki/apiserver.crt"));
        assertTrue(flagSans.contains("10.200.0.1") && flagSans.contains("flag-node") && !flagSans.contains("cfg-node")
                && flagSans.contains("san.example.test"), flagSans);
        assertEquals("RSA", Pem.decodeCertificate(Files.readAllBytes(other.resolve("flag-pki/apiserver.crt")), "crt")
                .getPublicKey().getAlgorithm());

        Requirements.requireTool("openssl");
        assertTrue(Commands.runChecked(dir, "openssl", "verify", "-CAfile",
                root.resolve("pki-from-config/ca.crt").toString(), apiserver.toString()).contains(": OK"));
    }

    @Test
    void initPhaseCertsDryRunWritesOnlyIntoItsDirectory() throws Exception {
        assertDryRunOnly(dir.resolve("root"), kubeadmConfig(), "--dry-run");
    }

    @Test
    void theConfigFilesDryRunCountsAsTheFlag() throws Exception {
        Path cfg = Files.writeString(dir.resolve("dry.yaml"), Files.readString(kubeadmConfig())
                .replace("kind: InitConfiguration\n", "kind: InitConfiguration\ndryRun: true\n"));
        assertTrue(Files.readString(cfg).contains("dryRun: true"));
        assertDryRunOnly(dir.resolve("root"), cfg);
    }

    private static void assertDryRunOnly(Path root, Path cfg, String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("init", "phase", "certs", "all", "--rootfs", root.toString(),
                "--config", cfg.toString(), "-o", "json"));
        args.addAll(List.of(more));
        CliBasicsTest.Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        Path dryRunDir = Path.of(JsonMapper.builder().build().readTree(r.out()).get("dryRunDir").asString());
        try {
            assertTrue(Files.notExists(root), "nothing written under --rootfs");
            assertTrue(Files.exists(dryRunDir.resolve("pki-from-config/etcd/peer.key")));
        } finally {
            InitCommandTest.deleteTree(dryRunDir);
        }
    }

    @Test
    void aBadConfigForInitPhaseCertsNamesFileLineAndField() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                certificatesDirectory: /x
                """);
        CliBasicsTest.Run r = run("init", "phase", "certs", "all", "--rootfs", dir.toString(), "--config", cfg.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("bad.yaml:3: ClusterConfiguration.certificatesDirectory"), r.err());
    }

    @Test
    void pinCertificateKeyExpirationAndRenew() throws Exception {
        assertEquals(0, certsAll().exit());
        Path pki = dir.resolve("pki");
        CliBasicsTest.Run pin = run("certs", "ca-pin", "--cert-dir", pki.toString());
        assertEquals(CaPin.of(Pem.decodeCertificate(Files.readAllBytes(pki.resolve("ca.crt")), "ca")) + "\n", pin.out());
        assertEquals(pin.out(), run("certs", "ca-pin", "--ca-cert", pki.resolve("ca.crt").toString()).out());
        assertEquals(1, run("certs", "ca-pin", "--ca-cert", pki.resolve("nope.crt").toString()).exit());

        String key1 = run("certs", "certificate-key").out().strip();
        String key2 = run("certs", "certificate-key").out().strip();
        assertTrue(key1.matches("[0-9a-f]{64}"), key1);
        assertNotEquals(key1, key2);

        CliBasicsTest.Run table = run("certs", "check-expiration", "--cert-dir", pki.toString(),
                "--kubeconfig-dir", dir.toString());
        assertEquals(0, table.exit(), table.err());
        List<String> lines = table.out().lines().toList();
        assertEquals("CERTIFICATE                EXPIRES                  RESIDUAL TIME   CERTIFICATE AUTHORITY   "
                + "EXTERNALLY MANAGED", lines.get(0));
        assertEquals("!MISSING! admin.conf", lines.get(1));
        assertTrue(lines.get(2).matches("apiserver {18}[A-Z][a-z]{2} \\d\\d, \\d{4} \\d\\d:\\d\\d UTC   364d {12}ca {22}no"),
                lines.get(2));
        assertTrue(lines.contains("CERTIFICATE AUTHORITY   EXPIRES                  RESIDUAL TIME   EXTERNALLY MANAGED"));
        JsonNode json = JsonMapper.builder().build().readTree(run("certs", "check-expiration", "--cert-dir",
                pki.toString(), "--kubeconfig-dir", dir.toString(), "-o", "json").out());
        assertEquals("output.kubeadm.k8s.io/v1alpha3", json.get("apiVersion").asString());
        assertEquals(3, json.get("certificateAuthorities").size());

        byte[] before = Files.readAllBytes(pki.resolve("apiserver.crt"));
        byte[] other = Files.readAllBytes(pki.resolve("front-proxy-client.crt"));
        CliBasicsTest.Run renew = run("certs", "renew", "apiserver", "--cert-dir", pki.toString(),
                "--kubeconfig-dir", dir.toString());
        assertEquals(0, renew.exit(), renew.err());
        assertTrue(renew.out().startsWith("certificate apiserver renewed (" + pki.resolve("apiserver.crt") + ")\n"));
        assertTrue(!java.util.Arrays.equals(before, Files.readAllBytes(pki.resolve("apiserver.crt"))));
        assertTrue(java.util.Arrays.equals(other, Files.readAllBytes(pki.resolve("front-proxy-client.crt"))));
        assertEquals(1, run("certs", "renew", "ca", "--cert-dir", pki.toString()).exit());
    }

    private static long count(Path d) {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
