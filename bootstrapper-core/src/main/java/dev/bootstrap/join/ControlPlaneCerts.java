package dev.bootstrap.join;

import static dev.bootstrap.uploadcerts.KubeadmCertsSecret.REFERENCE;

import dev.bootstrap.discovery.BootstrapTokenClient;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.KubeadmCertsSecret;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The shared control-plane certificates a joining control plane downloads
 * (docs/kubeadm-compat.md#kubeadm-certs-secret), read with the bootstrap token and decrypted with the
 * certificate key through {@link KubeadmCertsSecret}. Local (stacked) etcd only: the external-etcd keys are
 * refused.
 */
public final class ControlPlaneCerts {

    private ControlPlaneCerts() {
    }

    /** The decrypted files by node path; values kubeadm left empty are omitted. */
    public static Map<String, byte[]> download(BootstrapTokenClient client, NodeLayout layout, CertificateKey key) {
        Secret secret = client.secret(KubeadmCertsSecret.NAMESPACE, KubeadmCertsSecret.NAME).orElseThrow(() ->
                new JoinException(REFERENCE + " does not exist: it is deleted 2 hours after upload; on a control "
                        + "plane run 'bootstrap init phase upload-certs --upload-certs' and join with the certificate "
                        + "key it prints"));
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        KubeadmCertsSecret table = KubeadmCertsSecret.stackedEtcd(layout);
        for (String k : data.keySet()) {
            if (!table.files().containsKey(k)) {
                throw new JoinException(REFERENCE + " holds \"" + k + "\": external etcd certificates are not "
                        + "supported by control-plane join yet");
            }
        }
        Map<String, byte[]> out;
        try {
            out = table.decrypt(data, key);
        } catch (IllegalArgumentException e) {
            throw new JoinException(e.getMessage() + "; check --certificate-key", e);
        }
        if (!out.containsKey(layout.caCert()) || !out.containsKey(layout.caKey())) {
            throw new JoinException(REFERENCE + " has no cluster CA (" + NodeLayout.certFile(KubeadmCertificates.CA)
                    + ", " + NodeLayout.keyFile(KubeadmCertificates.CA) + "): upload the certificates again from the "
                    + "first control plane");
        }
        return out;
    }

    /**
     * The shared files as a control plane that joined earlier already has them: every one present where
     * {@code layout} puts it, with the cluster's CA. Then nothing needs downloading (the upload may be long gone).
     */
    public static Optional<Map<String, byte[]>> onNode(Host host, NodeLayout layout, byte[] clusterCaPem) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String path : KubeadmCertsSecret.stackedEtcd(layout).files().values()) {
            Optional<byte[]> content = host.readFile(path);
            if (content.isEmpty()) {
                return Optional.empty();
            }
            out.put(path, content.get());
        }
        return Arrays.equals(out.get(layout.caCert()), clusterCaPem) ? Optional.of(out) : Optional.empty();
    }
}
