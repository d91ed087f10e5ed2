package dev.bootstrap.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubeconfigTest {

    private static final KubeconfigRenderer RENDERER = new KubeconfigRenderer(new TemplateRenderer(TemplateSource.builtIn()));
    private static final String FAKE_CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    /** Records what was asked for; the PEMs are placeholders (the real PKI is tested with openssl below). */
    private static final class RecordingIssuer implements ClientCertIssuer {
        final List<String> issued = new ArrayList<>();

        @Override
        public IssuedPem issue(String commonName, List<String> organizations) {
            issued.add(commonName + " " + organizations);
            return new IssuedPem("-----BEGIN CERTIFICATE-----\n" + commonName + "\n-----END CERTIFICATE-----\n",
                    "-----BEGIN PRIVATE KEY-----\nkey\n-----END PRIVATE KEY-----\n");
        }
    }

    private static KubeadmConfig config(String version, String endpoint) {
        InitFlags flags = new InitFlags(null, null, endpoint, null, null, null, null, null, version, null, null, null,
                null, false, null, List.of(), List.of(), List.of());
        return KubeadmConfigReader.fromFlags(flags).forNode("cp1", "10.211.0.11");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.31.4", "v1.32.3", "v1.33.2", "v1.34.1", "v1.35.0", "v1.36.1", "v1.37.1"})
    void identitiesAndServerUrlsPerVersion(String version) {
        KubeadmConfig config = config(version, "cp.example.com");
        RecordingIssuer issuer = new RecordingIssuer();
        List<InitKubeconfigs.Result> results = new InitKubeconfigs(RENDERER).plan(config, FAKE_CA, issuer, p -> Optional.empty());
        assertEquals(List.of("kubernetes-admin [kubeadm:cluster-admins]", "kubernetes-super-admin [system:masters]",
                "system:kube-controller-manager []", "system:kube-scheduler []", "system:node:cp1 [system:nodes]"),
                issuer.issued);
        boolean kubeletLocal = version.compareTo("v1.33") >= 0;
        Map<String, String> servers = new HashMap<>();
        for (InitKubeconfigs.Result r : results) {
            RenderedFile file = r.file().orElseThrow();
            assertEquals(0600, file.mode());
            var parsed = new KubernetesSerialization().unmarshal(file.text(), io.fabric8.kubernetes.api.model.Config.class);
            assertEquals(r.spec().clientName() + "@kubernetes", parsed.getCurrentContext());
            assertEquals("kubernetes", parsed.getClusters().get(0).getName());
            assertEquals(r.spec().clientName(), parsed.getUsers().get(0).getName());
            servers.put(file.path(), parsed.getClusters().get(0).getCluster().getServer());
        }
        assertEquals("https://cp.example.com:6443", servers.get("/etc/kubernetes/admin.conf"));
        assertEquals("https://cp.example.com:6443", servers.get("/etc/kubernetes/super-admin.conf"));
        assertEquals("https://10.211.0.11:6443", servers.get("/etc/kubernetes/controller-manager.conf"));
        assertEquals("https://10.211.0.11:6443", servers.get("/etc/kubernetes/scheduler.conf"));
        assertEquals(kubeletLocal ? "https://10.211.0.11:6443" : "https://cp.example.com:6443",
                servers.get("/etc/kubernetes/kubelet.conf"));
    }

    @Test
    void ipv6ServersAreBracketed() {
        KubeadmConfig config = KubeadmConfigReader.fromFlags(InitFlags.NONE).forNode("cp1", "fd00::11");
        RenderedFile file = RENDERER.render("/etc/kubernetes/x.conf", "kubernetes", config.localApiUrl(), FAKE_CA, "u",
                KubeconfigRenderer.Credentials.token("abcdef.0123456789abcdef"));
        assertEquals("https://[fd00::11]:6443", ExistingKubeconfig.parse("x", file.content()).server());
        assertTrue(file.text().contains("token: abcdef.0123456789abcdef"));
        String pem = "/var/lib/kubelet/pki/kubelet-client-current.pem";
        RenderedFile finalized = RENDERER.render("/etc/kubernetes/kubelet.conf", "kubernetes", config.localApiUrl(), FAKE_CA,
                "system:node:cp1", KubeconfigRenderer.Credentials.files(pem, pem));
        var user = new KubernetesSerialization().unmarshal(finalized.text(), io.fabric8.kubernetes.api.model.Config.class)
                .getUsers().get(0).getUser();
        assertEquals(pem, user.getClientCertificate());
        assertEquals(pem, user.getClientKey());
    }

    @Test
    void reuseRule() {
        RenderedFile existing = RENDERER.render("/etc/kubernetes/admin.conf", "kubernetes", "https://10.0.0.1:6443",
                FAKE_CA, "kubernetes-admin", KubeconfigRenderer.Credentials.token("abcdef.0123456789abcdef"));
        ExistingKubeconfig read = ExistingKubeconfig.parse(existing.path(), existing.content());
        assertEquals(FAKE_CA, read.caPem());
        assertEquals(new ExistingKubeconfig.Decision(true, Optional.empty()),
                read.compare("https://10.0.0.1:6443", FAKE_CA + "\n"));
        ExistingKubeconfig.Decision moved = read.compare("https://10.0.0.2:6443", FAKE_CA);
        assertTrue(moved.reuse());
        assertTrue(moved.warning().orElseThrow().contains("expected: https://10.0.0.2:6443, got: https://10.0.0.1:6443"));
        KubeconfigException wrongCa = assertThrows(KubeconfigException.class,
                () -> read.compare("https://10.0.0.1:6443", FAKE_CA.replace("MIIB", "MIIC")));
        assertTrue(wrongCa.getMessage().contains("/etc/kubernetes/admin.conf"), wrongCa.getMessage());
        assertTrue(wrongCa.getMessage().contains("wrong CA"));

        KubeadmConfig config = config("v1.34.1", null);
        RecordingIssuer issuer = new RecordingIssuer();
        List<InitKubeconfigs.Result> results = new InitKubeconfigs(RENDERER).plan(config, FAKE_CA, issuer,
                p -> p.equals("/etc/kubernetes/admin.conf") ? Optional.of(existing.content()) : Optional.empty());
        assertTrue(results.get(0).file().isEmpty(), "admin.conf with the same CA is reused");
        assertTrue(results.get(0).warning().orElseThrow().contains("unexpected API Server URL"));
        assertEquals(4, issuer.issued.size());
        assertThrows(KubeconfigException.class, () -> ExistingKubeconfig.parse("/etc/kubernetes/bad.conf",
                "kind: Config\n".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void realKubectlReadsARenderedKubeconfig(@TempDir Path dir) throws Exception {
        Path openssl = Requirements.requireTool("openssl");
        Path kubectl = Requirements.requireTool("kubectl");
        // A throwaway CA and client certificate (the PKI itself is another package's).
        Commands.runChecked(dir, openssl.toString(), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "1", "-subj", "/CN=kubernetes");
        Commands.runChecked(dir, openssl.toString(), "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr",
                "-subj", "/O=kubeadm:cluster-admins/CN=kubernetes-admin");
        Commands.runChecked(dir, openssl.toString(), "x509", "-req", "-in", "client.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "client.crt", "-days", "1");
        String ca = Files.readString(dir.resolve("ca.crt"));
        ClientCertIssuer.IssuedPem issued = new ClientCertIssuer.IssuedPem(Files.readString(dir.resolve("client.crt")),
                Files.readString(dir.resolve("client.key")));
        RenderedFile file = RENDERER.render("/etc/kubernetes/admin.conf", "kubernetes", "https://[fd00::11]:6443", ca,
                "kubernetes-admin", KubeconfigRenderer.Credentials.certificate(issued));
        Path conf = dir.resolve("admin.conf");
        Files.write(conf, file.content());
        String json = Commands.runChecked(dir, kubectl.toString(), "--kubeconfig", conf.toString(), "config", "view", "--raw", "-o", "json");
        @SuppressWarnings("unchecked")
        Map<String, Object> view = new KubernetesSerialization().unmarshal(json, Map.class);
        assertEquals("kubernetes-admin@kubernetes", view.get("current-context"));
        Map<?, ?> cluster = (Map<?, ?>) ((Map<?, ?>) ((List<?>) view.get("clusters")).get(0)).get("cluster");
        assertEquals("https://[fd00::11]:6443", cluster.get("server"));
        assertEquals(ca, new String(Base64.getDecoder().decode((String) cluster.get("certificate-authority-data")),
                StandardCharsets.US_ASCII));
        Map<?, ?> user = (Map<?, ?>) ((Map<?, ?>) ((List<?>) view.get("users")).get(0)).get("user");
        assertEquals(issued.certificatePem(), new String(Base64.getDecoder().decode((String) user.get("client-certificate-data")),
                StandardCharsets.US_ASCII));
        // kubectl resolves the context to this cluster and user
        String current = Commands.runChecked(dir, kubectl.toString(), "--kubeconfig", conf.toString(), "config", "current-context");
        assertEquals("kubernetes-admin@kubernetes", current.strip());
        assertFalse(json.isBlank());

        // and the embedded credentials work against a TLS server that requires a client cert signed by the CA
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Commands.runChecked(dir, openssl.toString(), "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
                "-subj", "/CN=kube-apiserver");
        Commands.runChecked(dir, openssl.toString(), "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", "server.crt", "-days", "1", "-extfile", "san.ext");
        Files.writeString(dir.resolve("healthz"), "ok");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Process server = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port, "-WWW",
                "-Verify", "1", "-verify_return_error", "-cert", "server.crt", "-key", "server.key", "-CAfile", "ca.crt")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("s_server.log").toFile()).start();
        try {
            RenderedFile local = RENDERER.render("/etc/kubernetes/admin.conf", "kubernetes", "https://127.0.0.1:" + port, ca,
                    "kubernetes-admin", KubeconfigRenderer.Credentials.certificate(issued));
            Files.write(conf, local.content());
            String health = "";
            for (int attempt = 0; attempt < 50 && !health.equals("ok"); attempt++) {
                Process get = new ProcessBuilder(kubectl.toString(), "--kubeconfig", conf.toString(), "get", "--raw",
                        "/healthz").redirectErrorStream(true).start();
                health = new String(get.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                get.waitFor(30, TimeUnit.SECONDS);
                if (!health.equals("ok")) {
                    Thread.sleep(100);
                }
            }
            assertEquals("ok", health);
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
