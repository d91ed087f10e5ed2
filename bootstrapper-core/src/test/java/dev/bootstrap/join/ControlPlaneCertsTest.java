package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.discovery.BootstrapTokenClient;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.testing.JoinableStandInCluster;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.CertsCipher;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubeadm-certs downloaded with the bootstrap token from the API server STAND-IN (TLS verified against
 * our CA) and decrypted: equal to the files our PKI generated; wrong key and missing Secret say so.
 */
class ControlPlaneCertsTest {

    @Test
    void downloadedCertificatesEqualTheOriginals(@TempDir Path dir, @TempDir Path target) throws Exception {
        try (JoinableStandInCluster cluster = JoinableStandInCluster.start(dir, "127.0.0.1", "127.0.0.1")) {
            BootstrapTokenClient client = new BootstrapTokenClient(cluster.server().url(), cluster.caPem(),
                    cluster.token().value());
            JoinException missing = assertThrows(JoinException.class,
                    () -> ControlPlaneCerts.download(client, CertificateKey.generate()));
            assertTrue(missing.getMessage().startsWith("Secret kube-system/kubeadm-certs does not exist"), missing.getMessage());

            CertificateKey key = CertificateKey.generate();
            Map<String, String> data = new LinkedHashMap<>();
            ControlPlaneCerts.FILES.forEach((dataKey, file) -> data.put(dataKey, Base64.getEncoder().encodeToString(
                    CertsCipher.encrypt(original(cluster, file), key))));
            cluster.server().directClient().secrets().inNamespace("kube-system").resource(new SecretBuilder()
                    .withNewMetadata().withName("kubeadm-certs").endMetadata().withData(data).build()).create();

            Map<String, byte[]> files = ControlPlaneCerts.download(client, key);
            assertEquals(ControlPlaneCerts.FILES.values().stream().toList(), files.keySet().stream().toList());
            files.forEach((file, content) -> assertArrayEquals(original(cluster, file), content, file));

            ControlPlaneCerts.write(new LocalHost("cp2", target), "/etc/kubernetes/pki", files);
            assertEquals("rw-------", mode(target.resolve("etc/kubernetes/pki/etcd/ca.key")));
            assertEquals("rw-------", mode(target.resolve("etc/kubernetes/pki/sa.pub")), "kubeadm's key writer's mode");
            assertEquals("rw-r--r--", mode(target.resolve("etc/kubernetes/pki/etcd/ca.crt")));
            assertArrayEquals(original(cluster, "front-proxy-ca.key"),
                    read(target.resolve("etc/kubernetes/pki/front-proxy-ca.key")));

            JoinException wrong = assertThrows(JoinException.class,
                    () -> ControlPlaneCerts.download(client, CertificateKey.generate()));
            assertTrue(wrong.getMessage().contains("cannot decrypt: the certificate key is wrong"), wrong.getMessage());
            assertTrue(wrong.getMessage().endsWith("check --certificate-key"), wrong.getMessage());
        }
    }

    private static byte[] original(JoinableStandInCluster cluster, String file) {
        return cluster.pkiHost().readFile(JoinableStandInCluster.PKI_DIR + "/" + file).orElseThrow();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String mode(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
