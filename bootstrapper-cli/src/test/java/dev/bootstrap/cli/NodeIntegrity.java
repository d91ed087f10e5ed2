package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.kubeconfig.ExistingKubeconfig;
import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabNode;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every node must hold after any fault and a recovery run: each certificate under
 * /etc/kubernetes/pki and each kubeconfig in /etc/kubernetes parses (with its embedded certificate and
 * key), every private key (a *.key, a kubeconfig holding one) is mode 0600, no write left a temporary
 * file under /etc/kubernetes or /var/lib/kubelet, every node trusts the first node's CA, and the debug
 * logs hold no secret (the bootstrap token's secret, a private key's PEM or any line of its body).
 */
final class NodeIntegrity {

    /** The write scripts' temporary files: ".NAME.TOKEN.INDEX" next to the target, TOKEN 12 hex digits. */
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.[0-9a-f]{12}\\.\\d+");
    private static final String CA = "/etc/kubernetes/pki/ca.crt";
    /** One line a file: mode, path, content in base64; one round trip a node. */
    private static final String DUMP = "find /etc/kubernetes /var/lib/kubelet -type f \\( -name '*.crt' -o -name '*.key' "
            + "-o -name '*.conf' -o -name '.*.*.*' \\) 2>/dev/null | while read -r f; do "
            + "printf '%s %s ' \"$(stat -c %a -- \"$f\")\" \"$f\"; base64 -w0 -- \"$f\"; echo; done";

    private NodeIntegrity() {
    }

    /** Fails listing every problem found on {@code nodes} (the first trusts the CA the others must) and in {@code logs}. */
    static void check(Lab lab, List<LabNode> nodes, KubernetesClient api, List<Path> logs) throws Exception {
        List<String> problems = new ArrayList<>();
        List<String> keyLines = new ArrayList<>();
        String ca = null;
        for (LabNode node : nodes) {
            String nodeCa = null;
            for (String line : lab.ssh(node, DUMP).lines().toList()) {
                String[] f = line.split(" ", 3);
                String mode = f[0];
                String path = f[1];
                String at = node.name() + ":" + path;
                byte[] content = Base64.getDecoder().decode(f.length > 2 ? f[2] : "");
                String name = path.substring(path.lastIndexOf('/') + 1);
                if (TEMPORARY.matcher(name).matches()) {
                    problems.add(at + ": a temporary file was left behind");
                    continue;
                }
                try {
                    if (path.endsWith(".key")) {
                        Pem.decodePrivateKey(content, at);
                        keyLines.addAll(bodyLines(content));
                        requirePrivate(mode, at, problems);
                    } else if (path.endsWith(".crt") && path.startsWith("/etc/kubernetes/pki/")) {
                        Pem.decodeCertificate(content, at);
                    } else if (path.endsWith(".conf") && path.lastIndexOf('/') == "/etc/kubernetes".length()) {
                        String kubeconfigCa = ExistingKubeconfig.parse(at, content).caPem();
                        Pem.decodeCertificate(kubeconfigCa.getBytes(StandardCharsets.US_ASCII), at + " (its CA)");
                        if (holdsKey(content, at, keyLines)) {
                            requirePrivate(mode, at, problems);
                        }
                    }
                } catch (RuntimeException e) {
                    problems.add(at + ": does not parse: " + e.getMessage());
                }
                if (path.equals(CA)) {
                    nodeCa = new String(content, StandardCharsets.US_ASCII);
                }
            }
            if (nodeCa == null) {
                problems.add(node.name() + ": has no " + CA);
            } else if (ca == null) {
                ca = nodeCa;
            } else if (!nodeCa.equals(ca)) {
                problems.add(node.name() + ": does not trust " + nodes.get(0).name() + "'s CA (" + CA + ")");
            }
        }
        List<String> secrets = new ArrayList<>(keyLines);
        secrets.add("PRIVATE KEY-----");
        api.secrets().inNamespace("kube-system").list().getItems().stream()
                .filter(s -> s.getMetadata().getName().startsWith("bootstrap-token-"))
                .map(s -> new String(Base64.getDecoder().decode(s.getData().get("token-secret")), StandardCharsets.UTF_8))
                .forEach(secrets::add);
        for (Path log : logs) {
            String text = Files.readString(log);
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    problems.add(log + ": holds a secret: " + secret.substring(0, Math.min(8, secret.length())) + "...");
                }
            }
        }
        assertEquals(List.of(), problems, "integrity of " + nodes.stream().map(LabNode::name).toList());
    }

    private static void requirePrivate(String mode, String at, List<String> problems) {
        if (!mode.equals("600")) {
            problems.add(at + ": holds a private key but is mode 0" + mode + ", not 0600");
        }
    }

    /** Whether a kubeconfig embeds a client key; its certificate and key must parse, the key's lines are secrets. */
    private static boolean holdsKey(byte[] content, String at, List<String> keyLines) {
        Config config = KubeSerialization.SHARED.unmarshal(new String(content, StandardCharsets.UTF_8), Config.class);
        boolean key = false;
        for (NamedAuthInfo named : config.getUsers() == null ? List.<NamedAuthInfo>of() : config.getUsers()) {
            AuthInfo user = named.getUser();
            if (user != null && user.getClientCertificateData() != null) {
                Pem.decodeCertificate(Base64.getDecoder().decode(user.getClientCertificateData()), at + " (client certificate)");
            }
            if (user != null && user.getClientKeyData() != null) {
                byte[] pem = Base64.getDecoder().decode(user.getClientKeyData());
                Pem.decodePrivateKey(pem, at + " (client key)");
                keyLines.addAll(bodyLines(pem));
                key = true;
            }
        }
        return key;
    }

    /** The base64 lines of a PEM block: any of them in a log is a leaked key. */
    private static List<String> bodyLines(byte[] pem) {
        return new String(pem, StandardCharsets.US_ASCII).lines().filter(l -> !l.startsWith("-----") && l.length() >= 40)
                .toList();
    }
}
