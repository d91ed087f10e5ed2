package dev.bootstrap.init;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.apiserver.ClusterAdmins;
import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.config.KubeadmConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.CaPin;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import java.util.List;
import java.util.Optional;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.uploadcerts.CertificateKey;

/**
 * What the init phases of one control plane share: the node (read-only facts and queries), where
 * files go ({@link #files}: the node itself, or a dry-run host), the resolved configuration, the
 * options, and what earlier phases produced for later ones (token, certificate key).
 */
public final class InitContext {

    private final Host node;
    private final Host files;
    private final KubeadmConfig config;
    private final NodeFacts facts;
    private final InitOptions options;
    private volatile BootstrapToken token;
    private KubernetesClient admin;
    private java.util.concurrent.CompletableFuture<KubernetesClient> adminAhead;
    private List<ObjectApplier.Applied> adminSetup = List.of();
    private volatile CertificateKey certificateKey;
    private volatile CertificateKey uploadedKey;

    /** The certificate key is the option's (--certificate-key), else the configuration's certificateKey. */
    public InitContext(Host node, Host files, KubeadmConfig config, NodeFacts facts, InitOptions options) {
        this.node = node;
        this.files = files;
        this.config = config;
        this.facts = facts;
        this.options = options;
        String configured = config.init().certificateKey();
        this.certificateKey = options.certificateKey() != null ? options.certificateKey()
                : configured.isEmpty() ? null : CertificateKey.parse(configured, "InitConfiguration.certificateKey");
    }

    /** The real node: for reads and queries that change nothing. */
    public Host node() {
        return node;
    }

    /** Where files are written and commands run: the node, or its dry-run stand-in. */
    public Host files() {
        return files;
    }

    public KubeadmConfig config() {
        return config;
    }

    public NodeFacts facts() {
        return facts;
    }

    public InitOptions options() {
        return options;
    }

    public boolean dryRun() {
        return options.dryRun();
    }

    /** The bootstrap token printed in the join command, once the bootstrap-token phase has one. */
    public BootstrapToken token() {
        return token;
    }

    void token(BootstrapToken value) {
        token = value;
    }

    /**
     * A client for the API server built from admin.conf (read through {@link #files()}), made on
     * first use; the cluster-admins binding is ensured first, through super-admin.conf when
     * admin.conf is not allowed yet (as kubeadm does). Closed by {@link #close()}.
     */
    public synchronized KubernetesClient admin() {
        if (admin == null) {
            KubernetesClient client = adminAhead == null ? adminClient() : adminAhead.exceptionally(e -> null).join();
            adminAhead = null;
            if (client == null) {
                client = adminClient(); // making it ahead failed: again, for the error
            }
            adminSetup = ClusterAdmins.ensure(client, () -> ClientFactory.fromKubeconfig(
                    kubeconfig(NodeLayout.SUPER_ADMIN_CONF), source(NodeLayout.SUPER_ADMIN_CONF)));
            admin = client;
        }
        return admin;
    }

    /**
     * Starts making the {@link #admin()} client in the background (no request yet): in a fresh JVM that
     * costs a few hundred ms, spent while the control plane starts rather than after.
     */
    public synchronized void prepareAdmin() {
        if (admin == null && adminAhead == null) {
            adminAhead = java.util.concurrent.CompletableFuture.supplyAsync(this::adminClient);
        }
    }

    private KubernetesClient adminClient() {
        return ClientFactory.fromKubeconfig(kubeconfig(NodeLayout.ADMIN_CONF), source(NodeLayout.ADMIN_CONF));
    }

    /**
     * What making the {@link #admin()} client did to the cluster-admins binding, handed out once so
     * the API phase that made the client reports it; empty afterwards.
     */
    synchronized List<ObjectApplier.Applied> takeAdminSetup() {
        List<ObjectApplier.Applied> setup = adminSetup;
        adminSetup = List.of();
        return setup;
    }

    /** The pin (sha256 of the public key) of the cluster CA the certs phase left, or none before it ran. */
    public List<String> caPins() {
        String path = config.cluster().layout().caCert();
        return files.readFile(path).map(pem -> List.of(CaPin.of(Pem.decodeCertificate(pem, "[" + node.name() + "] "
                + path)))).orElse(List.of());
    }

    /** The text of a kubeconfig on the node. */
    String kubeconfig(String path) {
        return new String(files.readFile(path).orElseThrow(() -> new IllegalStateException(source(path)
                + " is missing; run the kubeconfig phase first")), java.nio.charset.StandardCharsets.UTF_8);
    }

    private String source(String path) {
        return "[" + node.name() + "] " + path;
    }

    /** Closes the API client, if one was made. */
    public synchronized void close() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
        if (adminAhead != null) {
            KubernetesClient unused = adminAhead.exceptionally(e -> null).join();
            if (unused != null) {
                unused.close();
            }
            adminAhead = null;
        }
    }

    public CertificateKey certificateKey() {
        return certificateKey;
    }

    void certificateKey(CertificateKey value) {
        certificateKey = value;
    }

    /** The key the kubeadm-certs Secret was encrypted with in this run, once the upload-certs phase did it. */
    public Optional<CertificateKey> uploadedKey() {
        return Optional.ofNullable(uploadedKey);
    }

    void uploadedKey(CertificateKey value) {
        uploadedKey = value;
    }
}
