package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.testing.OnStandInCluster;
import dev.bootstrap.token.TokenSecrets;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code init} and {@code init phase upload-certs} through picocli against the STAND-IN for
 * kube-apiserver (fabric8's CRUD mock behind our apiserver certificate, reached with the admin.conf
 * under --rootfs). The phases before upload-config need a real node and are skipped; the kubelet's
 * part (its config file, the Node object) is played by the test.
 */
class InitOnStandInTest extends OnStandInCluster {

    private static final Pattern PRINTED_KEY = Pattern.compile("\\[upload-certs] Using certificate key:\n([0-9a-f]{64})\n");
    private static final String LOCAL_PHASES = "--skip-phases=preflight,certs,kubeconfig,etcd,control-plane,"
            + "kubelet-start,wait-control-plane";

    private CliBasicsTest.Run init(String... args) {
        List<String> all = new ArrayList<>(List.of("init"));
        all.addAll(Arrays.asList(args));
        all.addAll(List.of("--rootfs", rootfs.toString(), "--node-name=node1", "--apiserver-advertise-address=127.0.0.1"));
        return CliBasicsTest.run(all.toArray(String[]::new));
    }

    private CliBasicsTest.Run uploadCerts(String... args) {
        List<String> all = new ArrayList<>(List.of("phase", "upload-certs", "--upload-certs"));
        all.addAll(Arrays.asList(args));
        return init(all.toArray(String[]::new));
    }

    private static String printedKey(CliBasicsTest.Run r) {
        Matcher m = PRINTED_KEY.matcher(r.out());
        assertTrue(m.find(), "the key is printed:\n" + r.out());
        return m.group(1);
    }

    private static int count(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }

    private static JsonNode lastJson(CliBasicsTest.Run r) {
        List<String> lines = r.out().lines().toList();
        return JsonMapper.builder().build().readTree(lines.get(lines.size() - 1));
    }

    /** The uploaded files decrypt with {@code hex} to the files under the rootfs; another key fails. */
    private void assertSecretOpensWith(String hex) throws Exception {
        var table = KubeadmCertsSecret.of(KubeadmConfigReader.fromFlags(InitFlags.NONE).cluster());
        var data = direct.secrets().inNamespace("kube-system").withName("kubeadm-certs").get().getData();
        var plain = table.decrypt(data, CertificateKey.parse(hex, "test"));
        assertArrayEquals(Files.readAllBytes(cluster.host.resolve("/etc/kubernetes/pki/ca.key")),
                plain.get("/etc/kubernetes/pki/ca.key"));
        assertThrows(IllegalArgumentException.class, () -> table.decrypt(data, CertificateKey.generate()));
    }

    @Test
    void uploadCertsPhasePrintsTheGeneratedKeyOnceAndARerunIsANoOpOnlyWithThatKey() throws Exception {
        CliBasicsTest.Run first = uploadCerts();
        assertEquals(0, first.exit(), first.out() + first.err());
        String key = printedKey(first);
        assertEquals(1, count(first.out(), key), "printed once:\n" + first.out());
        assertTrue(first.out().contains("created Secret kube-system/kubeadm-certs"), first.out());
        assertSecretOpensWith(key);

        // no key given: kubeadm's behaviour, a new key re-encrypts the Secret, and the new key is printed
        CliBasicsTest.Run again = uploadCerts();
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("updated Secret kube-system/kubeadm-certs (8 of 8 values re-encrypted)"),
                again.out());
        String newKey = printedKey(again);
        assertNotEquals(key, newKey);
        assertSecretOpensWith(newKey);

        // the same key given: nothing changes, in text and in JSON
        CliBasicsTest.Run same = uploadCerts("--certificate-key", newKey);
        assertEquals(0, same.exit(), same.out() + same.err());
        assertTrue(same.out().contains("[upload-certs] unchanged"), same.out());
        assertTrue(same.out().contains("unchanged Secret kube-system/kubeadm-certs (same certificates, same key)"),
                same.out());
        assertEquals(newKey, printedKey(same));
        CliBasicsTest.Run json = uploadCerts("--certificate-key", newKey, "-o", "json");
        assertEquals(0, json.exit(), json.out() + json.err());
        JsonNode doc = lastJson(json);
        assertEquals(0, doc.get("changed").asInt(), json.out());
        assertEquals(newKey, doc.get("certificateKey").asString());
        assertFalse(doc.has("controlPlaneJoinCommand"), "no token phase ran, so no join command: " + json.out());
        assertSecretOpensWith(newKey);
    }

    @Test
    void theConfigurationsCertificateKeyIsUsedAndTheFlagWinsOverIt() throws Exception {
        String fromFile = CertificateKey.generate().hex();
        Path config = Files.writeString(rootfs.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                certificateKey: %s
                """.formatted(fromFile));
        CliBasicsTest.Run withFile = uploadCerts("--config", config.toString());
        assertEquals(0, withFile.exit(), withFile.out() + withFile.err());
        assertEquals(fromFile, printedKey(withFile));
        assertSecretOpensWith(fromFile);

        String fromFlag = CertificateKey.generate().hex();
        CliBasicsTest.Run withFlag = uploadCerts("--config", config.toString(), "--certificate-key", fromFlag);
        assertEquals(0, withFlag.exit(), withFlag.out() + withFlag.err());
        assertEquals(fromFlag, printedKey(withFlag));
        assertSecretOpensWith(fromFlag);
    }

    @Test
    void initWithUploadCertsPrintsBothJoinCommandsAndTheGivenTokenReachesItsSecret() throws Exception {
        cluster.host.writeFile(NodeLayout.KUBELET_CONFIG,
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n".getBytes(), 0644);
        direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().build()).create();

        CliBasicsTest.Run json = init(LOCAL_PHASES, "--upload-certs", "--token", "abcdef.0123456789abcdef", "-o", "json");
        assertEquals(0, json.exit(), json.out() + json.err());
        JsonNode doc = lastJson(json);
        String key = doc.get("certificateKey").asString();
        assertTrue(key.matches("[0-9a-f]{64}"), json.out());
        assertSecretOpensWith(key);
        String worker = doc.get("joinCommand").asString();
        // the advertise address and bind port, as kubeadm prints them (not admin.conf's server)
        assertTrue(worker.matches("bootstrap join 127\\.0\\.0\\.1:6443 --token abcdef\\.0123456789abcdef "
                + "--discovery-token-ca-cert-hash sha256:[0-9a-f]{64}"), worker);
        assertEquals(worker + " --control-plane --certificate-key " + key, doc.get("controlPlaneJoinCommand").asString());
        Secret token = direct.secrets().inNamespace("kube-system").withName("bootstrap-token-abcdef").get();
        assertEquals(Optional.of("abcdef"), TokenSecrets.value(token, "token-id"));
        assertEquals(Optional.of("0123456789abcdef"), TokenSecrets.value(token, "token-secret"));

        // text, with the same key and token: nothing changes, and the key is printed once, in the join command
        CliBasicsTest.Run text = init(LOCAL_PHASES, "--upload-certs", "--token", "abcdef.0123456789abcdef",
                "--certificate-key", key);
        assertEquals(0, text.exit(), text.out() + text.err());
        assertTrue(text.out().contains("[upload-config] unchanged"), text.out());
        assertTrue(text.out().contains("unchanged ClusterRoleBinding kubeadm:cluster-admins"), text.out());
        assertFalse(text.out().contains("] done"), "a second run changes nothing:\n" + text.out());
        assertEquals(1, count(text.out(), key), text.out());
        assertTrue(text.out().contains("--control-plane --certificate-key " + key), text.out());
        assertFalse(text.out().contains("Using certificate key"), text.out());
        assertTrue(text.out().contains("--token abcdef.0123456789abcdef"), text.out());
    }
}
