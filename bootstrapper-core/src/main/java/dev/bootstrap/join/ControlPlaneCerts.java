package dev.bootstrap.join;

import dev.bootstrap.discovery.BootstrapTokenClient;
import dev.bootstrap.host.Host;
import dev.bootstrap.pki.PkiFile;
import dev.bootstrap.uploadcerts.CertificateKey;
import dev.bootstrap.uploadcerts.CertsCipher;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared control-plane certificates a joining control plane downloads
 * (docs/kubeadm-compat.md#kubeadm-certs-secret): Secret kube-system/kubeadm-certs, each value AES-256-GCM
 * encrypted with the certificate key, data keys being file names with "/" as "-". Local (stacked) etcd only: the
 * external-etcd keys are refused.
 */
public final class ControlPlaneCerts {

    public static final String SECRET = "kubeadm-certs";
    /** Data key to file under the certificates dir, in kubeadm's order. */
    static final Map<String, String> FILES = files();

    private ControlPlaneCerts() {
    }

    private static Map<String, String> files() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String name : List.of("ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.pub", "sa.key")) {
            m.put(name, name);
        }
        m.put("etcd-ca.crt", "etcd/ca.crt");
        m.put("etcd-ca.key", "etcd/ca.key");
        return m;
    }

    /** The decrypted files by path relative to the certificates dir; values kubeadm left empty are omitted. */
    public static Map<String, byte[]> download(BootstrapTokenClient client, CertificateKey key) {
        Secret secret = client.secret("kube-system", SECRET).orElseThrow(() -> new JoinException("Secret kube-system/"
                + SECRET + " does not exist: it is deleted 2 hours after upload; on a control plane run "
                + "'bootstrap init phase upload-certs --upload-certs' and join with the certificate key it prints"));
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        for (String k : data.keySet()) {
            if (!FILES.containsKey(k)) {
                throw new JoinException("Secret kube-system/" + SECRET + " holds \"" + k + "\": external etcd "
                        + "certificates are not supported by control-plane join yet");
            }
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        FILES.forEach((dataKey, file) -> {
            String value = data.get(dataKey);
            if (value != null && !value.isEmpty()) {
                byte[] stored = Base64.getDecoder().decode(value);
                try {
                    out.put(file, CertsCipher.decrypt(stored, key, "Secret kube-system/" + SECRET + " " + dataKey));
                } catch (IllegalArgumentException e) {
                    throw new JoinException(e.getMessage() + "; check --certificate-key", e);
                }
            }
        });
        if (!out.containsKey("ca.crt") || !out.containsKey("ca.key")) {
            throw new JoinException("Secret kube-system/" + SECRET + " has no cluster CA (ca.crt, ca.key): upload the "
                    + "certificates again from the first control plane");
        }
        return out;
    }

    /**
     * The shared files as a control plane that joined earlier already has them: every one present under
     * {@code certDir}, with the cluster's CA. Then nothing needs downloading (the upload may be long gone).
     */
    public static Optional<Map<String, byte[]>> onNode(Host host, String certDir, byte[] clusterCaPem) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String file : FILES.values()) {
            Optional<byte[]> content = host.readFile(certDir + "/" + file);
            if (content.isEmpty()) {
                return Optional.empty();
            }
            out.put(file, content.get());
        }
        return Arrays.equals(out.get("ca.crt"), clusterCaPem) ? Optional.of(out) : Optional.empty();
    }

    /** Writes them under {@code certDir}: keys and sa.pub 0600, certificates 0644 (kubeadm's modes). */
    public static void write(Host host, String certDir, Map<String, byte[]> files) {
        files.forEach((file, content) -> host.writeFile(certDir + "/" + file, content, PkiFile.modeOf(file)));
    }
}
