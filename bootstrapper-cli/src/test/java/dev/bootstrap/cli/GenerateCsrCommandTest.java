package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.ExtKeyUsage;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * kubeadm's external-CA flow end to end: {@code certs generate-csr}, every request checked and signed by real
 * openssl as an external CA signs (SANs copied from the request), the kubeconfigs completed with kubectl, ca.key
 * removed; then init's certs and kubeconfig phases take the signed files unchanged.
 */
class GenerateCsrCommandTest {

    @TempDir
    Path dir;

    private Path config() throws Exception {
        return Files.writeString(dir.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  name: ext-node
                localAPIEndpoint:
                  advertiseAddress: 10.211.0.30
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                controlPlaneEndpoint: cp.ext.test:6443
                encryptionAlgorithm: ECDSA-P256
                apiServer:
                  certSANs: [san.ext.test, 10.211.0.98]
                """);
    }

    @Test
    void signedElsewhereTheRequestsPassInitsCertsAndKubeconfigPhasesUnchanged() throws Exception {
        Requirements.requireTool("openssl");
        Requirements.requireTool("kubectl");
        Path cfg = config();
        Path root = dir.resolve("root");
        Path kube = root.resolve("etc/kubernetes");
        Path pki = kube.resolve("pki");
        for (String ca : List.of("ca", "front-proxy-ca", "etcd-ca")) { // what the external CA holds
            assertEquals(0, run("init", "phase", "certs", ca, "--rootfs", root.toString(), "--config", cfg.toString())
                    .exit());
        }

        CliBasicsTest.Run generated = run("certs", "generate-csr", "--rootfs", root.toString(), "--config",
                cfg.toString());
        assertEquals(0, generated.exit(), generated.err());
        assertEquals(List.of("generating keys and CSRs in /etc/kubernetes/pki", "  apiserver",
                "  apiserver-kubelet-client", "  front-proxy-client", "  etcd/server", "  etcd/peer",
                "  etcd/healthcheck-client", "  apiserver-etcd-client", "generating keys and CSRs in /etc/kubernetes",
                "  admin.conf", "  super-admin.conf", "  controller-manager.conf", "  scheduler.conf", "  kubelet.conf"),
                generated.out().lines().toList());

        // what init's certificate and kubeconfig specs say for this node
        KubeadmConfig config = KubeadmConfigReader.readInit(cfg, InitFlags.NONE, w -> { }).forNode("unused", "");
        PkiConfig pkiConfig = CertificateFiles.pkiConfig(config);
        for (CertSpec spec : KubeadmCertificates.ALL.stream().filter(CertSpec::isLeaf).toList()) {
            Path csr = pki.resolve(spec.baseName() + ".csr");
            assertEquals("rw-------", mode(pki.resolve(spec.baseName() + ".key")), spec.name());
            assertEquals("rw-------", mode(csr), spec.name());
            CertRequest expected = spec.request(pkiConfig);
            List<String> sans = checkedRequest(csr, expected);
            NodeLayout layout = pkiConfig.layout();
            CertSpec ca = KubeadmCertificates.byName(spec.caName());
            sign(csr, root.resolve(layout.cert(ca).substring(1)), root.resolve(layout.key(ca).substring(1)),
                    spec.usages(), sans, pki.resolve(spec.baseName() + ".crt"));
        }
        for (KubeconfigSpec spec : KubeconfigSpec.forInit(config)) {
            Path conf = root.resolve(spec.path().substring(1));
            assertEquals("rw-------", mode(conf), spec.path());
            assertEquals("rw-------", mode(Path.of(conf + ".csr")), spec.path());
            JsonNode view = view(conf);
            JsonNode cluster = view.get("clusters").get(0).get("cluster");
            assertEquals(spec.server(config), cluster.get("server").asString());
            assertFalse(cluster.has("certificate-authority-data"), "kubeadm writes no CA data: " + cluster);
            JsonNode user = view.get("users").get(0).get("user");
            assertTrue(user.has("client-key-data") && !user.has("client-certificate-data"), user.toString());

            checkedRequest(Path.of(conf + ".csr"), CertRequest.client(spec.clientName(), spec.organizations(),
                    pkiConfig.start(), pkiConfig.leafValidity()));
            Path crt = dir.resolve(NodeLayout.fileName(spec.path()) + ".crt");
            sign(Path.of(conf + ".csr"), pki.resolve("ca.crt"), pki.resolve("ca.key"), Set.of(ExtKeyUsage.CLIENT_AUTH),
                    List.of(), crt);
            Commands.runChecked(dir, "kubectl", "config", "set-cluster", view.get("clusters").get(0).get("name")
                    .asString(), "--kubeconfig", conf.toString(), "--certificate-authority", pki.resolve("ca.crt")
                    .toString(), "--embed-certs=true");
            Commands.runChecked(dir, "kubectl", "config", "set-credentials", spec.clientName(), "--kubeconfig",
                    conf.toString(), "--client-certificate", crt.toString(), "--embed-certs=true");
        }
        Files.delete(pki.resolve("ca.key"));
        Map<String, String> signed = FileTree.of(root);

        CliBasicsTest.Run certs = run("init", "phase", "certs", "all", "--rootfs", root.toString(), "--config",
                cfg.toString());
        assertEquals(0, certs.exit(), certs.out() + certs.err());
        assertTrue(certs.out().contains("[certs] External CA mode: using the existing ca certificate without its key\n")
                && certs.out().contains("[certs] Using existing apiserver certificate and key on disk\n")
                && certs.out().contains("[certs] Using existing etcd/peer certificate and key on disk\n")
                && !certs.out().contains("Generating \"apiserver"), certs.out());
        Map<String, String> afterCerts = FileTree.of(root);
        signed.forEach((path, content) -> assertEquals(content, afterCerts.get(path), path + " unchanged"));
        Set<String> added = new HashSet<>(afterCerts.keySet());
        added.removeAll(signed.keySet());
        assertEquals(Set.of("etc/kubernetes/pki/sa.key", "etc/kubernetes/pki/sa.pub"), added);

        CliBasicsTest.Run kubeconfigs = run("init", "phase", "kubeconfig", "--rootfs", root.toString(), "--config",
                cfg.toString());
        assertEquals(0, kubeconfigs.exit(), kubeconfigs.out() + kubeconfigs.err());
        assertTrue(kubeconfigs.out().contains("unchanged /etc/kubernetes/admin.conf (existing, same CA)"),
                kubeconfigs.out());
        assertEquals(afterCerts, FileTree.of(root), "the kubeconfig phase kept the completed files");
    }

    @Test
    void anExistingKeyOrRequestIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path cfg = config();
        Path root = dir.resolve("root");
        Path pki = Files.createDirectories(root.resolve("etc/kubernetes/pki"));
        Files.writeString(pki.resolve("apiserver.key"), "a key of the user's");
        Files.writeString(root.resolve("etc/kubernetes/admin.conf.csr"), "a request of the user's");
        Map<String, String> before = FileTree.of(root);
        CliBasicsTest.Run r = run("certs", "generate-csr", "--rootfs", root.toString(), "--config", cfg.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("/etc/kubernetes/pki/apiserver.key, /etc/kubernetes/admin.conf.csr exist already"),
                r.err());
        assertEquals(before, FileTree.of(root));

        Path other = dir.resolve("other");
        CliBasicsTest.Run json = run("certs", "generate-csr", "--rootfs", other.toString(), "--config", cfg.toString(),
                "--cert-dir", "/flag-pki", "--kubeconfig-dir", "/flag-kube", "-o", "json");
        assertEquals(0, json.exit(), json.err());
        JsonNode doc = JsonMapper.builder().build().readTree(json.out());
        assertEquals("/flag-pki", doc.get("certificateDir").asString());
        assertEquals(7, doc.get("certificates").size());
        assertTrue(Files.exists(other.resolve("flag-pki/etcd/server.csr")));
        assertTrue(Files.exists(other.resolve("flag-kube/kubelet.conf.csr")));
    }

    /**
     * Checks the request with openssl: its self-signature, subject (init's CN and O) and SANs (init's); returns the
     * SANs as openssl's extension config spells them.
     */
    private List<String> checkedRequest(Path csr, CertRequest expected) throws Exception {
        assertTrue(Commands.runChecked(dir, "openssl", "req", "-in", csr.toString(), "-noout", "-verify")
                .contains("verify OK"), csr.toString());
        String subject = Commands.runChecked(dir, "openssl", "req", "-in", csr.toString(), "-noout", "-subject",
                "-nameopt", "RFC2253").strip();
        assertEquals("subject=CN=" + expected.commonName() + expected.organizations().stream().map(o -> ",O=" + o)
                .collect(Collectors.joining()), subject, csr.toString());
        List<String> text = Commands.runChecked(dir, "openssl", "req", "-in", csr.toString(), "-noout", "-text")
                .lines().map(String::strip).toList();
        int at = text.indexOf("X509v3 Subject Alternative Name:");
        List<String> sans = at < 0 ? List.of() : List.of(text.get(at + 1).split(", "));
        Set<String> dns = new HashSet<>();
        Set<InetAddress> ips = new HashSet<>();
        for (String san : sans) {
            if (san.startsWith("DNS:")) {
                dns.add(san.substring(4));
            } else {
                assertTrue(san.startsWith("IP Address:"), san);
                ips.add(InetAddress.getByName(san.substring("IP Address:".length())));
            }
        }
        assertEquals(Set.copyOf(expected.altNames().dnsNames()), dns, csr.toString());
        assertEquals(Set.copyOf(expected.altNames().ips()), ips, csr.toString());
        return sans.stream().map(s -> s.replace("IP Address:", "IP:")).toList();
    }

    /** Signs as an external CA would: openssl x509 -req, the usages of the certificate's row, the request's SANs. */
    private void sign(Path csr, Path caCert, Path caKey, Set<ExtKeyUsage> usages, List<String> sans, Path crt)
            throws Exception {
        List<String> ext = new ArrayList<>(List.of("[v3]", "basicConstraints = critical, CA:FALSE",
                "keyUsage = critical, digitalSignature, keyEncipherment",
                "extendedKeyUsage = " + usages.stream().sorted().map(u -> u == ExtKeyUsage.SERVER_AUTH ? "serverAuth"
                        : "clientAuth").collect(Collectors.joining(", "))));
        if (!sans.isEmpty()) {
            ext.add("subjectAltName = " + String.join(", ", sans));
        }
        Path extFile = Files.write(dir.resolve("ext.cnf"), ext);
        Commands.runChecked(dir, "openssl", "x509", "-req", "-in", csr.toString(), "-CA", caCert.toString(), "-CAkey",
                caKey.toString(), "-set_serial", String.valueOf(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE)),
                "-days", "365", "-sha256", "-extfile", extFile.toString(), "-extensions", "v3", "-out", crt.toString());
    }

    private JsonNode view(Path kubeconfig) throws Exception {
        return JsonMapper.builder().build().readTree(Commands.runChecked(dir, "kubectl", "config", "view",
                "--kubeconfig", kubeconfig.toString(), "--raw", "-o", "json"));
    }

    private static String mode(Path file) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
    }

    private static CliBasicsTest.Run run(String... args) {
        return CliBasicsTest.run(args);
    }
}
