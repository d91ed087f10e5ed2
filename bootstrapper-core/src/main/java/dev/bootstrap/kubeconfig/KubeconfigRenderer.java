package dev.bootstrap.kubeconfig;

import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.RenderedYaml;
import dev.bootstrap.templates.TemplateException;
import dev.bootstrap.templates.TemplateRenderer;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedContext;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders kubeconfig files from the kubeconfig template, kubeadm's shape: one cluster named after the
 * cluster, one user named after the client, context "user@cluster" as current context; credentials are
 * embedded client certificate and key, or a token. The result is parsed back as a fabric8 {@link Config}.
 */
public final class KubeconfigRenderer {

    static final String TEMPLATE = "kubeconfig/kubeconfig.yaml";

    private final TemplateRenderer renderer;

    public KubeconfigRenderer(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * Credentials: one of an embedded client certificate + key, a bearer token (both secrets), or paths
     * to certificate and key files (kubelet-finalize points kubelet.conf at the kubelet's rotating pair).
     */
    public record Credentials(String clientCertificatePem, String clientKeyPem, String token,
                              String clientCertificateFile, String clientKeyFile) {

        public static Credentials certificate(ClientCertIssuer.IssuedPem issued) {
            return new Credentials(issued.certificatePem(), issued.privateKeyPem(), null, null, null);
        }

        /**
         * Only the client key: what kubeadm's certs generate-csr writes next to the request, for the certificate
         * the external CA signs to be added (createKubeConfigAndCSR).
         */
        public static Credentials keyAwaitingCertificate(String clientKeyPem) {
            return new Credentials(null, clientKeyPem, null, null, null);
        }

        public static Credentials token(String token) {
            return new Credentials(null, null, token, null, null);
        }

        /** kubeadm's kubelet-finalize form: both paths name /var/lib/kubelet/pki/kubelet-client-current.pem. */
        public static Credentials files(String certificateFile, String keyFile) {
            return new Credentials(null, null, null, certificateFile, keyFile);
        }

        @Override
        public String toString() {
            if (token != null) {
                return "Credentials[token=<secret>]";
            }
            if (clientCertificateFile != null) {
                return "Credentials[files " + clientCertificateFile + "]";
            }
            return clientCertificatePem != null ? "Credentials[client certificate, key=<secret>]"
                    : "Credentials[key=<secret>, no certificate yet]";
        }
    }

    /** The kubeconfig text for {@code path} (the node path it will be written to, mode 0600). */
    public RenderedFile render(String path, String clusterName, String server, String caPem, String userName,
                               Credentials credentials) {
        TemplateRenderer.Output output = output(clusterName, server, caPem, userName, credentials);
        return new RenderedFile(path, output.text().getBytes(StandardCharsets.UTF_8), KubeconfigSpec.MODE,
                output.template().origin());
    }

    /** The kubeconfig text for a file that is never written (kubeconfig user prints it). */
    public String text(String clusterName, String server, String caPem, String userName, Credentials credentials) {
        return output(clusterName, server, caPem, userName, credentials).text();
    }

    /** @param caPem null for none (a kubeconfig awaiting its external CA's certificates) */
    private TemplateRenderer.Output output(String clusterName, String server, String caPem, String userName,
                                           Credentials credentials) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("clusterName", clusterName);
        scope.put("server", server);
        scope.put("caData", caPem == null ? null : base64(caPem));
        scope.put("userName", userName);
        scope.put("contextName", userName + "@" + clusterName);
        scope.put("clientCertificateData", credentials.clientCertificatePem() == null ? null
                : base64(credentials.clientCertificatePem()));
        scope.put("clientKeyData", credentials.clientKeyPem() == null ? null : base64(credentials.clientKeyPem()));
        scope.put("token", credentials.token());
        scope.put("clientCertificateFile", credentials.clientCertificateFile());
        scope.put("clientKeyFile", credentials.clientKeyFile());
        TemplateRenderer.Output output = renderer.render(TEMPLATE, scope);
        check(output, RenderedYaml.parse(output, Config.class));
        return output;
    }

    private static void check(TemplateRenderer.Output output, Config config) {
        String origin = output.template().origin();
        NamedContext current = config.getContexts() == null ? null : config.getContexts().stream()
                .filter(c -> c.getName().equals(config.getCurrentContext())).findFirst().orElse(null);
        if (!"Config".equals(config.getKind()) || current == null || current.getContext() == null) {
            throw new TemplateException("template " + origin
                    + ": the rendered kubeconfig must be kind Config with a current-context that names a context");
        }
        boolean clusterFound = config.getClusters() != null && config.getClusters().stream()
                .anyMatch(c -> c.getName().equals(current.getContext().getCluster()) && c.getCluster() != null
                        && c.getCluster().getServer() != null);
        boolean userFound = config.getUsers() != null && config.getUsers().stream()
                .anyMatch(u -> u.getName().equals(current.getContext().getUser()));
        if (!clusterFound || !userFound) {
            throw new TemplateException("template " + origin
                    + ": the current context must name a cluster with a server and a user defined in the file");
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
