package dev.bootstrap.kubeconfig;

import dev.bootstrap.host.Host;
import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.pki.CaPin;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * The cluster a kubeconfig's current context points at: its server and CA, as {@code token create
 * --print-join-command} and cluster-info need them. The CA may be embedded
 * (certificate-authority-data) or a file (certificate-authority), read through the host.
 */
public record KubeconfigCluster(String source, String server, String caData, String caFile) {

    /** @param source where the text came from ("[node1] /etc/kubernetes/admin.conf"), for errors */
    public static KubeconfigCluster of(String kubeconfig, String source) {
        Config parsed;
        try {
            parsed = KubeSerialization.SHARED.unmarshal(kubeconfig, Config.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(source + ": not a kubeconfig: " + e.getMessage(), e);
        }
        String context = parsed == null ? null : parsed.getCurrentContext();
        if (parsed == null || parsed.getClusters() == null || parsed.getContexts() == null) {
            throw missingServer(source, context);
        }
        String clusterName = parsed.getContexts().stream()
                .filter(c -> c.getName().equals(context) && c.getContext() != null)
                .map(c -> c.getContext().getCluster()).findFirst().orElse(null);
        Cluster cluster = parsed.getClusters().stream()
                .filter(c -> c.getName().equals(clusterName) && c.getCluster() != null
                        && c.getCluster().getServer() != null && !c.getCluster().getServer().isBlank())
                .map(io.fabric8.kubernetes.api.model.NamedCluster::getCluster).findFirst()
                .orElseThrow(() -> missingServer(source, context));
        return new KubeconfigCluster(source, cluster.getServer(), cluster.getCertificateAuthorityData(),
                cluster.getCertificateAuthority());
    }

    private static IllegalArgumentException missingServer(String source, String context) {
        return new IllegalArgumentException(source + ": the current context (\"" + (context == null ? "" : context)
                + "\") names no cluster with a server; is this the admin kubeconfig that init wrote?");
    }

    /** The CA bundle (PEM) the cluster is verified with. */
    public byte[] caPem(Host host) {
        if (caData != null && !caData.isBlank()) {
            return Base64.getMimeDecoder().decode(caData);
        }
        if (caFile != null && !caFile.isBlank()) {
            return host.readFile(caFile).orElseThrow(() -> new IllegalArgumentException(source
                    + ": certificate-authority \"" + caFile + "\" not found on " + host.name()));
        }
        throw new IllegalArgumentException(source + ": the cluster has no certificate-authority-data or "
                + "certificate-authority, so there is no CA to pin");
    }

    /** The pin of every CA certificate in the bundle, in bundle order (one join flag each, as kubeadm). */
    public List<String> caPins(Host host) {
        try {
            return CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(caPem(host))).stream()
                    .map(c -> CaPin.of((X509Certificate) c)).toList();
        } catch (CertificateException e) {
            throw new IllegalArgumentException(source + ": the CA data is not PEM certificates: " + e.getMessage(), e);
        }
    }
}
