package dev.bootstrap.apiserver;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.PkiFile;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.CertsCipher;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inverse of {@link UploadCerts} for a joining control plane: reads kube-system/kubeadm-certs
 * (with the join's bootstrap token, which the kubeadm:kubeadm-certs Role allows), decrypts every
 * value with the certificate key and writes the non-empty ones (keys and sa.pub 0600, certificates 0644).
 */
public final class DownloadCerts {

    private final KubernetesClient client;

    public DownloadCerts(KubernetesClient client) {
        this.client = client;
    }

    /** Data key to plaintext, for every key {@code cluster} transfers; a wrong key is an error saying so. */
    public Map<String, byte[]> download(CertificateKey key, ClusterConfiguration cluster) {
        Secret secret = client.secrets().inNamespace(UploadCerts.NAMESPACE).withName(UploadCerts.SECRET).get();
        String where = "Secret " + UploadCerts.NAMESPACE + "/" + UploadCerts.SECRET;
        if (secret == null || secret.getData() == null) {
            throw new IllegalStateException(where + " not found: it is deleted 2h after upload; on a control plane "
                    + "run 'bootstrap init phase upload-certs --upload-certs' and join with the key it prints");
        }
        Map<String, byte[]> plain = new LinkedHashMap<>();
        for (String dataKey : UploadCerts.files(cluster).keySet()) {
            String value = secret.getData().get(dataKey);
            if (value == null) {
                throw new IllegalStateException(where + " lacks \"" + dataKey + "\": it was uploaded for another "
                        + "etcd layout (stacked or external); upload the certificates again");
            }
            byte[] stored = Base64.getDecoder().decode(value);
            plain.put(dataKey, stored.length == 0 ? stored
                    : CertsCipher.decrypt(stored, key, where + " \"" + dataKey + "\""));
        }
        return plain;
    }

    /** Writes the downloaded files to their node paths; returns the paths written. */
    public static List<String> write(Host host, ClusterConfiguration cluster, Map<String, byte[]> plain) {
        List<String> written = new ArrayList<>();
        UploadCerts.files(cluster).forEach((dataKey, path) -> {
            byte[] content = plain.get(dataKey);
            if (content != null && content.length > 0) {
                host.writeFile(path, content, PkiFile.modeOf(path));
                written.add(path);
            }
        });
        return written;
    }
}
