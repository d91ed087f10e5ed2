package dev.bootstrap.testing;

import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.IssuedCertificate;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a kubelet's TLS bootstrap leaves on a node (no kubelet runs in tests): the client certificate
 * the controller-manager would sign for the node's CSR, and kubelet.conf pointing at it.
 */
public final class KubeletBootstrap {

    /** Where a kubelet keeps its client certificate and key after its TLS bootstrap. */
    public static final String CLIENT_PEM = "/var/lib/kubelet/pki/kubelet-client-current.pem";

    private KubeletBootstrap() {
    }

    /**
     * The node's client certificate and key in one PEM file, signed by the cluster CA. The key is
     * ECDSA P-256, as a kubelet makes it for its TLS bootstrap.
     */
    public static byte[] clientPem(CertificateAuthority ca, String nodeName) {
        IssuedCertificate issued = ca.issue(CertRequest.client("system:node:" + nodeName, List.of("system:nodes"),
                Instant.now(), Duration.ofDays(365)), KeyAlgorithm.ECDSA_P256);
        byte[] cert = Pem.encodeCertificate(issued.certificate());
        byte[] key = Pem.encodePrivateKey(issued.key());
        byte[] both = new byte[cert.length + key.length];
        System.arraycopy(cert, 0, both, 0, cert.length);
        System.arraycopy(key, 0, both, cert.length, key.length);
        return both;
    }

    /** kubelet.conf pointing at {@link #CLIENT_PEM} (kubeadm's kubelet-finalize form). */
    public static byte[] kubeletConf(String server, byte[] caPem, String nodeName) {
        return new KubeconfigRenderer(new TemplateRenderer(TemplateSource.builtIn())).render("/etc/kubernetes/kubelet.conf",
                "kubernetes", server, new String(caPem, StandardCharsets.US_ASCII), "system:node:" + nodeName,
                KubeconfigRenderer.Credentials.files(CLIENT_PEM, CLIENT_PEM)).content();
    }
}
