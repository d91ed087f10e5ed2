package dev.bootstrap.kubeconfig;

import dev.bootstrap.config.GoDuration;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.CertRequest;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.pki.Pem;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiException;
import dev.bootstrap.pki.PkiFile;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/**
 * kubeadm's {@code kubeconfig user} (cmd/kubeadm/app/cmd/kubeconfig.go, newCmdUserKubeConfig; phases/kubeconfig,
 * WriteKubeConfigWithClientCert and WriteKubeConfigWithToken): a kubeconfig for one more user of the cluster, with a
 * new key and a client certificate signed by the cluster CA, or with a token. It is returned as text only: the key
 * is never written to a file (docs/kubeadm-compat.md#kubeconfig-user).
 */
public final class UserKubeconfig {

    /** kubeadm's --validity-period default (constants.go, CertificateValidityPeriod), whatever the configuration says. */
    public static final Duration DEFAULT_VALIDITY = PkiConfig.DEFAULT_LEAF_VALIDITY;

    /**
     * The user: CN and O of the client certificate, its validity from now, or a token (then no certificate is made).
     *
     * @param token null for a client certificate
     */
    public record Request(String clientName, List<String> organizations, Duration validity, String token) {

        public Request {
            organizations = List.copyOf(organizations);
        }

        @Override
        public String toString() {
            return "Request[" + clientName + ", O=" + organizations + ", " + validity + (token == null ? "]"
                    : ", token=<secret>]");
        }
    }

    private final KubeconfigRenderer renderer;

    public UserKubeconfig(KubeconfigRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * The kubeconfig for {@code request} under {@code config} (resolved for this node: certificatesDir, the
     * control-plane endpoint or advertise address, clusterName, encryptionAlgorithm), certificates measured from
     * {@code start}. What kubeadm only warns about goes to {@code warnings}.
     */
    public String render(Host files, KubeadmConfig config, Request request, Instant start, Consumer<String> warnings) {
        if (request.validity().compareTo(DEFAULT_VALIDITY) > 0) {
            warnings.accept("the specified certificate validity period " + GoDuration.format(request.validity())
                    + " is longer than the default duration " + GoDuration.format(DEFAULT_VALIDITY)
                    + ", this may increase security risks");
        }
        NodeLayout layout = config.cluster().layout();
        KubeconfigRenderer.Credentials credentials;
        X509Certificate caCert;
        if (request.token() != null) {
            caCert = caCertificate(files, layout);
            credentials = KubeconfigRenderer.Credentials.token(request.token());
        } else {
            CertificateAuthority ca = CertificateAuthority.load(files, layout, KubeadmCertificates.CA);
            caCert = ca.certificate();
            KeyPair key = KeyAlgorithm.parse(config.cluster().encryptionAlgorithmType()).generate();
            X509Certificate cert = ca.issue(CertRequest.client(request.clientName(), request.organizations(), start,
                    request.validity()), key.getPublic());
            credentials = KubeconfigRenderer.Credentials.certificate(ClientCertIssuer.IssuedPem.of(cert, key));
        }
        checkPeriod(caCert, layout.caCert(), start, warnings);
        return renderer.text(config.cluster().clusterName(), config.controlPlaneUrl(),
                new String(Pem.encodeCertificate(caCert), StandardCharsets.US_ASCII), request.clientName(), credentials);
    }

    private static X509Certificate caCertificate(Host files, NodeLayout layout) {
        return new PkiFile(files, layout, KubeadmCertificates.CA).readCertificate().orElseThrow(() -> new PkiException(
                "[" + files.name() + "] " + layout.caCert() + ": CA certificate not found; is this a control-plane "
                        + "node, and is --cert-dir or certificatesDir right?"));
    }

    /** kubeadm's CheckCertificatePeriodValidity: a CA out of its period is a warning, not an error. */
    private static void checkPeriod(X509Certificate ca, String path, Instant now, Consumer<String> warnings) {
        try {
            ca.checkValidity(Date.from(now));
        } catch (CertificateException e) {
            warnings.accept(path + ": the CA certificate is not valid now (" + ca.getNotBefore().toInstant() + " to "
                    + ca.getNotAfter().toInstant() + "); clients will be refused until it is replaced");
        }
    }
}
