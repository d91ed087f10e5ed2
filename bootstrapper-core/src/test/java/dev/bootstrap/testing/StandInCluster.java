package dev.bootstrap.testing;

import dev.bootstrap.host.LocalHost;
import dev.bootstrap.kubeconfig.ClientCertIssuer;
import dev.bootstrap.kubeconfig.KubeconfigRenderer;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.IssuedCertificate;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A cluster as tests need it for API steps: our PKI generated into a temporary rootfs, the
 * {@link ApiServerStandIn} (STAND-IN for kube-apiserver) serving our apiserver certificate on
 * loopback, and admin.conf / super-admin.conf in the rootfs pointing at it with client certificates
 * issued by our CA, as the kubeconfig phase writes them.
 */
public final class StandInCluster implements AutoCloseable {

    public static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";
    public static final String SUPER_ADMIN_CONF = "/etc/kubernetes/super-admin.conf";

    public final Path rootfs;
    public final LocalHost host;
    public final ApiServerStandIn standIn;
    public final String caPem;

    public StandInCluster(Path rootfs) throws Exception {
        this.rootfs = rootfs;
        this.host = new LocalHost("testnode", rootfs);
        PkiConfig pki = PkiConfig.builder("node-1", "127.0.0.1").algorithm(KeyAlgorithm.ECDSA_P256).build();
        new PkiGenerator(host).generate(pki, KubeadmCertificates.forConfig(pki));
        String dir = pki.certDir();
        this.caPem = text(dir + "/ca.crt");
        this.standIn = new ApiServerStandIn(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                bytes(dir + "/apiserver.crt"), bytes(dir + "/apiserver.key"), bytes(dir + "/ca.crt"));
        CertificateAuthority ca = CertificateAuthority.load(host, new NodeLayout(dir), KubeadmCertificates.CA);
        KubeconfigRenderer renderer = new KubeconfigRenderer(new TemplateRenderer(TemplateSource.builtIn()));
        // kubeadm's default RSA for admin.conf, ECDSA for super-admin.conf: clients must read both key types
        writeKubeconfig(renderer, ca, ADMIN_CONF, "kubernetes-admin", "kubeadm:cluster-admins", KeyAlgorithm.RSA_2048);
        writeKubeconfig(renderer, ca, SUPER_ADMIN_CONF, "kubernetes-super-admin", "system:masters",
                KeyAlgorithm.ECDSA_P256);
    }

    /** The text of a kubeconfig in the rootfs. */
    public String kubeconfig(String nodePath) {
        return text(nodePath);
    }

    /** A client straight to the mock behind the TLS terminator, for tests to seed and inspect. */
    public KubernetesClient direct() {
        return standIn.directClient();
    }

    private void writeKubeconfig(KubeconfigRenderer renderer, CertificateAuthority ca, String path, String user,
                                 String group, KeyAlgorithm algorithm) {
        IssuedCertificate issued = ca.issue(CertRequest.client(user, List.of(group),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Duration.ofDays(1)), algorithm);
        ClientCertIssuer.IssuedPem pem = new ClientCertIssuer.IssuedPem(
                new String(issued.certificatePem(), StandardCharsets.US_ASCII),
                new String(issued.keyPem(), StandardCharsets.US_ASCII));
        var file = renderer.render(path, "kubernetes", standIn.url(), caPem, user,
                KubeconfigRenderer.Credentials.certificate(pem));
        host.writeFile(path, file.content(), 0600);
    }

    private byte[] bytes(String nodePath) {
        return host.readFile(nodePath).orElseThrow(() -> new IllegalStateException(nodePath + " was not generated"));
    }

    private String text(String nodePath) {
        return new String(bytes(nodePath), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        standIn.close();
    }
}
