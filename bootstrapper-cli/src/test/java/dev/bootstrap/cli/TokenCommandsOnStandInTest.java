package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.OnStandInCluster;
import dev.bootstrap.testing.StandInCluster;
import dev.bootstrap.token.TokenSecrets;
import io.fabric8.kubernetes.api.model.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token commands end to end: picocli, admin.conf read under --rootfs, fabric8 over TLS with
 * the admin client certificate to the STAND-IN for kube-apiserver (fabric8's CRUD mock behind our
 * apiserver certificate).
 */
class TokenCommandsOnStandInTest extends OnStandInCluster {

    private CliBasicsTest.Run token(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "token";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--rootfs";
        all[args.length + 2] = rootfs.toString();
        return CliBasicsTest.run(all);
    }

    @Test
    void createListDeleteThroughTheStandIn() throws Exception {
        Requirements.requireTool("kubectl");
        CliBasicsTest.Run created = token("create", "abcdef.0123456789abcdef", "--ttl", "2h", "--description", "for cp2");
        assertEquals(0, created.exit(), created.err());
        assertEquals("abcdef.0123456789abcdef\n", created.out());
        Secret s = direct.secrets().inNamespace("kube-system").withName("bootstrap-token-abcdef").get();
        assertEquals("bootstrap.kubernetes.io/token", s.getType());
        assertEquals(Optional.of("for cp2"), TokenSecrets.value(s, "description"));
        assertEquals(Optional.of("true"), TokenSecrets.value(s, "usage-bootstrap-signing"));
        assertEquals(Optional.of("system:bootstrappers:kubeadm:default-node-token"), TokenSecrets.value(s, "auth-extra-groups"));
        long ttl = Duration.between(Instant.now(), TokenSecrets.expiration(s).orElseThrow()).toMinutes();
        assertTrue(ttl >= 118 && ttl <= 120, "expires in 2h: " + ttl);
        assertTrue(adminConnectionCarried("POST /api/v1/namespaces/kube-system/secrets"), "TLS with admin.conf's cert");

        // kubectl, with the same admin.conf over TLS, reads the Secret the command created
        String raw = Commands.runChecked(rootfs, "kubectl", "--kubeconfig",
                cluster.host.resolve(StandInCluster.ADMIN_CONF).toString(),
                "get", "--raw", "/api/v1/namespaces/kube-system/secrets/bootstrap-token-abcdef");
        JsonNode kubectlSecret = JsonMapper.builder().build().readTree(raw);
        assertEquals("YWJjZGVm", kubectlSecret.get("data").get("token-id").asString());
        assertEquals("bootstrap.kubernetes.io/token", kubectlSecret.get("type").asString());

        CliBasicsTest.Run again = token("create", "abcdef.0123456789abcdef");
        assertEquals(1, again.exit());
        assertEquals("error: a token with id \"abcdef\" already exists\n", again.err());

        assertEquals(0, token("create", "zyxwvu.0123456789abcdef", "--ttl", "0", "--usages", "authentication",
                "--groups", "system:bootstrappers:workers").exit());
        CliBasicsTest.Run list = token("list");
        assertEquals(0, list.exit(), list.err());
        List<String> lines = list.out().lines().toList();
        assertEquals(3, lines.size(), list.out());
        assertTrue(Pattern.matches("TOKEN {21}TTL {9}EXPIRES {16}USAGES {19}DESCRIPTION {3}EXTRA GROUPS", lines.get(0)),
                lines.get(0));
        Matcher first = Pattern.compile("abcdef\\.0123456789abcdef   (1h|119m|120m) +(\\S+Z) +authentication,signing   for cp2 +"
                + "system:bootstrappers:kubeadm:default-node-token").matcher(lines.get(1));
        assertTrue(first.matches(), lines.get(1));
        assertEquals(TokenSecrets.expiration(s).orElseThrow(), Instant.parse(first.group(2)));
        assertTrue(Pattern.matches("zyxwvu\\.0123456789abcdef   <forever> +<never> +authentication +<none> +"
                + "system:bootstrappers:workers", lines.get(2)), lines.get(2));

        CliBasicsTest.Run json = token("list", "-o", "json");
        JsonNode doc = JsonMapper.builder().build().readTree(json.out());
        assertEquals(2, doc.size());
        assertEquals("output.kubeadm.k8s.io/v1alpha3", doc.get(0).get("apiVersion").asString());
        assertEquals("abcdef.0123456789abcdef", doc.get(0).get("token").asString());
        assertEquals("signing", doc.get(0).get("usages").get(1).asString());
        assertNull(doc.get(1).get("expires"));

        CliBasicsTest.Run deleted = token("delete", "abcdef", "zyxwvu.0123456789abcdef");
        assertEquals(0, deleted.exit(), deleted.err());
        assertEquals("bootstrap token with id \"abcdef\" deleted\nbootstrap token with id \"zyxwvu\" deleted\n", deleted.out());
        assertTrue(direct.secrets().inNamespace("kube-system").list().getItems().isEmpty());

        CliBasicsTest.Run unknown = token("delete", "qqqqqq");
        assertEquals(1, unknown.exit());
        assertTrue(unknown.err().startsWith("error: bootstrap token with id \"qqqqqq\" not found"), unknown.err());
        CliBasicsTest.Run empty = token("list");
        assertEquals("TOKEN     TTL       EXPIRES   USAGES    DESCRIPTION   EXTRA GROUPS\n", empty.out());
    }

    /** Whether a TLS connection with admin.conf's client certificate carried this request. */
    private boolean adminConnectionCarried(String requestLine) throws InterruptedException {
        return cluster.standIn.sawConnection(c -> c.clientCertSubject() != null
                && c.clientCertSubject().contains("CN=kubernetes-admin") && c.requestText().contains(requestLine),
                Duration.ofSeconds(5));
    }

    @Test
    void printJoinCommandHoldsTheTokenAndOpensslsPinOfTheCa() throws Exception {
        Requirements.requireTool("openssl");
        CliBasicsTest.Run r = token("create", "--print-join-command");
        assertEquals(0, r.exit(), r.err());
        Matcher m = Pattern.compile("bootstrap join 127\\.0\\.0\\.1:" + cluster.standIn.port()
                + " --token ([a-z0-9]{6})\\.([a-z0-9]{16}) \\\\\n\t--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})\n")
                .matcher(r.out());
        assertTrue(m.matches(), r.out());
        assertEquals(Optional.of(m.group(2)), TokenSecrets.value(
                direct.secrets().inNamespace("kube-system").withName("bootstrap-token-" + m.group(1)).get(), "token-secret"));
        // kubeadm's documented pipeline for the pin
        String ca = cluster.host.resolve("/etc/kubernetes/pki/ca.crt").toString();
        String hex = Commands.runChecked(rootfs, "sh", "-c", "openssl x509 -pubkey -in '" + ca + "' -noout "
                + "| openssl pkey -pubin -outform der | openssl dgst -sha256 -r").split(" ")[0];
        assertEquals("sha256:" + hex, m.group(3));

        String key = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
        CliBasicsTest.Run cp = token("create", "--print-join-command", "--certificate-key", key);
        assertTrue(cp.out().endsWith(" \\\n\t--control-plane --certificate-key " + key + "\n"), cp.out());
    }

    @Test
    void badInputIsAUsageErrorOrNamesTheFile() {
        CliBasicsTest.Run ttl = token("create", "--ttl", "soon");
        assertEquals(2, ttl.exit());
        assertTrue(ttl.err().contains("--ttl: \"soon\" is not a duration"), ttl.err());
        CliBasicsTest.Run usage = token("create", "--usages", "signing,everything");
        assertEquals(2, usage.exit());
        assertTrue(usage.err().contains("--usages: unknown usage \"everything\""), usage.err());
        CliBasicsTest.Run bad = token("create", "not-a-token");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("TOKEN: not a valid bootstrap token"), bad.err());
        CliBasicsTest.Run missing = token("list", "--kubeconfig", "/etc/kubernetes/nothing.conf");
        assertEquals(1, missing.exit());
        assertEquals("error: [localhost] /etc/kubernetes/nothing.conf: not found; run this on a control plane or pass "
                + "--kubeconfig\n", missing.err());
        CliBasicsTest.Run generated = CliBasicsTest.run("token", "generate");
        assertTrue(generated.out().matches("[a-z0-9]{6}\\.[a-z0-9]{16}\n"), generated.out());
        assertTrue(direct.secrets().inNamespace("kube-system").list().getItems().isEmpty(), "generate creates nothing");
    }
}
