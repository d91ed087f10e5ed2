package dev.bootstrap.testing;

import dev.bootstrap.apiserver.ClusterInfoPublisher;
import dev.bootstrap.apiserver.KubeadmRbac;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.apiserver.TokenStore;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.discovery.ClusterInfo;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.TokenSpec;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.CertsCipher;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * (A cluster ready to be joined: seeded with cluster-info, a token, kubelet-config and the RBAC.)
 *
 * A "cluster" for join tests without init: our PKI generated into a directory, the API server
 * STAND-IN serving our apiserver certificate, seeded by our own code with what init leaves for
 * joining nodes: cluster-info signed for a token, the token Secret, RBAC, kubeadm-config and
 * kubelet-config.
 */
public final class JoinableStandInCluster implements AutoCloseable {

    public static final String PKI_DIR = "/etc/kubernetes/pki";

    private final LocalHost pkiHost;
    private final CertificateAuthority ca;
    private final ApiServerStandIn server;
    private final BootstrapToken token;
    private final KubeadmConfig config;

    private JoinableStandInCluster(LocalHost pkiHost, CertificateAuthority ca, ApiServerStandIn server, BootstrapToken token,
                           KubeadmConfig config) {
        this.pkiHost = pkiHost;
        this.ca = ca;
        this.server = server;
        this.token = token;
        this.config = config;
    }

    /**
     * @param dir        where the PKI is generated (as a rootfs)
     * @param bind       the address the stand-in listens on
     * @param certAddress the advertise address the apiserver certificate is made for (its IP SAN)
     */
    public static JoinableStandInCluster start(Path dir, String bind, String certAddress) throws Exception {
        LocalHost host = new LocalHost("cluster", dir);
        PkiConfig pki = PkiConfig.defaults("node1", certAddress);
        new PkiGenerator(host).generate(pki, KubeadmCertificates.forConfig(pki));
        CertificateAuthority ca = CertificateAuthority.load(host, new NodeLayout(PKI_DIR), KubeadmCertificates.CA);
        ApiServerStandIn server = new ApiServerStandIn(new InetSocketAddress(InetAddress.getByName(bind), 0),
                read(host, "apiserver.crt"), read(host, "apiserver.key"), read(host, "ca.crt"));
        JoinableStandInCluster cluster = new JoinableStandInCluster(host, ca, server, BootstrapToken.generate(), KubeadmConfig.defaults());
        cluster.seed();
        return cluster;
    }

    private static byte[] read(LocalHost host, String name) {
        return host.readFile(PKI_DIR + "/" + name).orElseThrow();
    }

    private void seed() {
        KubernetesClient client = server.directClient();
        new TokenStore(client).create(TokenSpec.defaults(token, "join test token"), Instant.now());
        ClusterInfoPublisher.publish(client, ClusterInfo.kubeconfig(server.url(), caPem()), List.of(token));
        List<HasMetadata> rbac = new ArrayList<>(KubeadmRbac.nodeBootstrap());
        rbac.addAll(KubeadmRbac.clusterInfoReaders());
        rbac.addAll(KubeadmRbac.configReaders());
        ObjectApplier applier = new ObjectApplier(client);
        rbac.forEach(applier::apply);
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("kubeadm-config").endMetadata()
                .withData(Map.of("ClusterConfiguration", config.clusterConfigurationYaml())).build()).create();
        client.configMaps().inNamespace("kube-system").resource(new ConfigMapBuilder().withNewMetadata()
                .withName("kubelet-config").endMetadata().withData(Map.of("kubelet", kubeletConfig())).build()).create();
    }

    /** The KubeletConfiguration the kubelet-config ConfigMap holds (what joining nodes must get). */
    public String kubeletConfig() {
        return new KubeletFiles(new TemplateRenderer(TemplateSource.builtIn()), config).config(false).text();
    }

    /** Where a kubelet keeps its client certificate and key after its TLS bootstrap. */
    public static final String KUBELET_CLIENT_PEM = KubeletBootstrap.CLIENT_PEM;

    /** What the kubelet's TLS bootstrap would leave: the client certificate and key (one PEM file) ... */
    public byte[] kubeletClientPem(String nodeName) {
        return KubeletBootstrap.clientPem(ca, nodeName);
    }

    /** ... and kubelet.conf pointing at that file. */
    public byte[] kubeletConf(String nodeName) {
        return KubeletBootstrap.kubeletConf(server.url(), caPem(), nodeName);
    }

    public byte[] caPem() {
        return Pem.encodeCertificate(ca.certificate());
    }

    public CertificateAuthority ca() {
        return ca;
    }

    public String pin() {
        return ca.pin();
    }

    public BootstrapToken token() {
        return token;
    }

    public ApiServerStandIn server() {
        return server;
    }

    /** host:port as given to join. */
    public String endpoint() {
        return server.url().substring("https://".length());
    }

    public LocalHost pkiHost() {
        return pkiHost;
    }

    /** Secret kube-system/kubeadm-certs with this PKI's shared files encrypted with {@code key}, as upload-certs makes it. */
    public void uploadCerts(CertificateKey key) {
        Map<String, String> data = new LinkedHashMap<>();
        KubeadmCertsSecret.stackedEtcd(new NodeLayout(PKI_DIR)).read(pkiHost).forEach((dataKey, content) -> data.put(
                dataKey, Base64.getEncoder().encodeToString(CertsCipher.encrypt(content, key))));
        server.directClient().secrets().inNamespace(KubeadmCertsSecret.NAMESPACE).resource(new SecretBuilder()
                .withNewMetadata().withName(KubeadmCertsSecret.NAME).endMetadata().withData(data).build()).create();
    }

    @Override
    public void close() {
        server.close();
    }
}
