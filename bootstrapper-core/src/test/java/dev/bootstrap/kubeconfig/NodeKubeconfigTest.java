package dev.bootstrap.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.testing.KubeletBootstrap;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker's kubelet.conf names the kubelet's one-file certificate and key; read here, both are embedded apart. */
class NodeKubeconfigTest {

    @Test
    void theKubeletsOneFileCertificateAndKeyAreEmbeddedApart(@TempDir Path root) {
        LocalHost node = new LocalHost("node2", root);
        CertificateAuthority ca = CertificateAuthority.selfSigned("kubernetes", KeyAlgorithm.ECDSA_P256.generate(),
                Instant.now(), Duration.ofDays(1));
        byte[] caPem = Pem.encodeCertificate(ca.certificate());
        node.writeFile(KubeletBootstrap.CLIENT_PEM, KubeletBootstrap.clientPem(ca, "node2"), 0600);
        node.writeFile(NodeLayout.KUBELET_CONF, KubeletBootstrap.kubeletConf("https://10.211.0.11:6443", caPem, "node2"),
                0600);

        String text = NodeKubeconfig.read(node, NodeLayout.KUBELET_CONF).orElseThrow();
        AuthInfo user = KubeSerialization.SHARED.unmarshal(text, Config.class).getUsers().get(0).getUser();
        String cert = new String(Base64.getDecoder().decode(user.getClientCertificateData()), StandardCharsets.US_ASCII);
        String key = new String(Base64.getDecoder().decode(user.getClientKeyData()), StandardCharsets.US_ASCII);
        assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----") && !cert.contains("PRIVATE KEY"), cert);
        assertTrue(key.contains("PRIVATE KEY-----") && !key.contains("CERTIFICATE"), "the key alone");
        assertEquals(null, user.getClientCertificate());
        assertFalse(text.contains(KubeletBootstrap.CLIENT_PEM), "no node path is left");
        try (KubernetesClient client = ClientFactory.fromKubeconfig(text, "test")) {
            assertEquals("https://10.211.0.11:6443/", client.getMasterUrl().toString());
        }
        assertTrue(NodeKubeconfig.read(node, "/etc/kubernetes/admin.conf").isEmpty());

        node.remove(KubeletBootstrap.CLIENT_PEM);
        KubeconfigException gone = assertThrows(KubeconfigException.class,
                () -> NodeKubeconfig.read(node, NodeLayout.KUBELET_CONF));
        assertTrue(gone.getMessage().contains("[node2] /etc/kubernetes/kubelet.conf names " + KubeletBootstrap.CLIENT_PEM
                + ", which does not exist on node2"), gone.getMessage());
    }
}
