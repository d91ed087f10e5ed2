package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.discovery.BootstrapTokenClient;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.testing.JoinableStandInCluster;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubeadm-certs downloaded with the bootstrap token from the API server STAND-IN (TLS verified against
 * our CA) and decrypted: equal to the files our PKI generated, at kubeadm's paths; wrong key and missing
 * Secret say so. Writing them is JoiningControlPlaneFilesTest's.
 */
class ControlPlaneCertsTest {

    @Test
    void downloadedCertificatesEqualTheOriginals(@TempDir Path dir) throws Exception {
        try (JoinableStandInCluster cluster = JoinableStandInCluster.start(dir, "127.0.0.1", "127.0.0.1")) {
            BootstrapTokenClient client = new BootstrapTokenClient(cluster.server().url(), cluster.caPem(),
                    cluster.token().value());
            NodeLayout layout = new NodeLayout(JoinableStandInCluster.PKI_DIR);
            JoinException missing = assertThrows(JoinException.class,
                    () -> ControlPlaneCerts.download(client, layout, CertificateKey.generate()));
            assertTrue(missing.getMessage().startsWith("Secret kube-system/kubeadm-certs does not exist"), missing.getMessage());

            CertificateKey key = CertificateKey.generate();
            cluster.uploadCerts(key);

            Map<String, byte[]> files = ControlPlaneCerts.download(client, layout, key);
            assertEquals(List.of("/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
                    "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
                    "/etc/kubernetes/pki/sa.pub", "/etc/kubernetes/pki/sa.key", "/etc/kubernetes/pki/etcd/ca.crt",
                    "/etc/kubernetes/pki/etcd/ca.key"), List.copyOf(files.keySet()));
            files.forEach((path, content) -> assertArrayEquals(cluster.pkiHost().readFile(path).orElseThrow(), content,
                    path));

            JoinException wrong = assertThrows(JoinException.class,
                    () -> ControlPlaneCerts.download(client, layout, CertificateKey.generate()));
            assertTrue(wrong.getMessage().contains("cannot decrypt: the certificate key is wrong"), wrong.getMessage());
            assertTrue(wrong.getMessage().endsWith("check --certificate-key"), wrong.getMessage());
        }
    }
}
