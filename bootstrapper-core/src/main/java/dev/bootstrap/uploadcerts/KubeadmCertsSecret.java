package dev.bootstrap.uploadcerts;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Secret kube-system/kubeadm-certs carries, and from and to which files: the shared CAs and the sa key
 * pair under data keys that are their file names under the certificates dir with "/" as "-", then the etcd CA
 * (stacked) or the client files external etcd names (cmd/kubeadm/app/phases/copycerts/copycerts.go,
 * certsToTransfer, certOrKeyNameToSecretName; docs/kubeadm-compat.md#kubeadm-certs-secret). The upload reads
 * the files ({@link #read}, getDataFromDisk); a joining control plane decrypts them back to the same paths
 * ({@link #decrypt}, DownloadCerts).
 *
 * @param files data key to node path: the CA, front-proxy CA and sa files, then etcd's
 */
public record KubeadmCertsSecret(Map<String, String> files) {

    public static final String NAMESPACE = "kube-system";
    public static final String NAME = "kubeadm-certs";
    /** "Secret kube-system/kubeadm-certs", for messages. */
    public static final String REFERENCE = "Secret " + NAMESPACE + "/" + NAME;

    public KubeadmCertsSecret {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
    }

    /** The table of a cluster with stacked or external etcd. */
    public static KubeadmCertsSecret of(ClusterConfiguration cluster) {
        if (cluster.localEtcd()) {
            return stackedEtcd(cluster.layout());
        }
        Map<String, String> files = shared(cluster.layout());
        ClusterConfiguration.ExternalEtcd external = cluster.etcd().external();
        files.put("external-etcd-ca.crt", external.caFile());
        files.put("external-etcd.crt", external.certFile());
        files.put("external-etcd.key", external.keyFile());
        return new KubeadmCertsSecret(files);
    }

    /** The table of a cluster with stacked etcd. */
    public static KubeadmCertsSecret stackedEtcd(NodeLayout layout) {
        Map<String, String> files = shared(layout);
        put(files, layout, KubeadmCertificates.ETCD_CA);
        return new KubeadmCertsSecret(files);
    }

    private static Map<String, String> shared(NodeLayout layout) {
        Map<String, String> files = new LinkedHashMap<>();
        List.of(KubeadmCertificates.CA, KubeadmCertificates.FRONT_PROXY_CA, KubeadmCertificates.SA)
                .forEach(spec -> put(files, layout, spec));
        return files;
    }

    /** A CA's certificate and key, or the sa key pair's public and private key. */
    private static void put(Map<String, String> files, NodeLayout layout, CertSpec spec) {
        List<String> names = spec.isCa() ? List.of(NodeLayout.certFile(spec), NodeLayout.keyFile(spec))
                : List.of(NodeLayout.publicKeyFile(spec), NodeLayout.keyFile(spec));
        names.forEach(name -> files.put(name.replace('/', '-'), layout.file(name)));
    }

    /** Data key to plaintext; a missing file, or an external etcd file left unset, is an empty value as with kubeadm. */
    public Map<String, byte[]> read(Host host) {
        Map<String, byte[]> contents = new LinkedHashMap<>();
        files.forEach((key, path) -> contents.put(key, path.isEmpty() ? new byte[0]
                : host.readFile(path).orElse(new byte[0])));
        return contents;
    }

    /**
     * Node path to plaintext for each of the table's values in the Secret's {@code data} (base64, as the API
     * gives it) that is not empty: kubeadm uploads a missing file as an empty value and does not write it back.
     *
     * @throws IllegalArgumentException when a value does not decrypt with {@code key}, naming its data key
     */
    public Map<String, byte[]> decrypt(Map<String, String> data, CertificateKey key) {
        Map<String, byte[]> plain = new LinkedHashMap<>();
        files.forEach((dataKey, path) -> {
            String value = data.get(dataKey);
            if (value != null && !value.isEmpty()) {
                plain.put(path, CertsCipher.decrypt(Base64.getDecoder().decode(value), key,
                        REFERENCE + " " + dataKey));
            }
        });
        return plain;
    }
}
