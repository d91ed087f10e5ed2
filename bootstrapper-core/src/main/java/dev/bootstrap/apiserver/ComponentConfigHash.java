package dev.bootstrap.apiserver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.HexFormat;

/**
 * kubeadm's component-config signature on generated ConfigMaps (kubelet-config, kube-proxy):
 * {@code sha256:<hex>} over the data values in sorted-key order, then the binaryData values in sorted-key order
 * (cmd/kubeadm/app/componentconfigs/checksums.go, ChecksumForConfigMap). kubeadm treats a ConfigMap without it, or
 * with a stale one, as edited by the user, so ours must match its computation.
 */
public final class ComponentConfigHash {

    public static final String ANNOTATION = "kubeadm.kubernetes.io/component-config.hash";

    private ComponentConfigHash() {
    }

    public static String of(ConfigMap configMap) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            if (configMap.getData() != null) {
                new TreeMap<>(configMap.getData()).values()
                        .forEach(v -> sha.update(v.getBytes(StandardCharsets.UTF_8)));
            }
            if (configMap.getBinaryData() != null) {
                new TreeMap<>(configMap.getBinaryData()).values().forEach(v -> sha.update(Base64.getDecoder().decode(v)));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** A copy of the ConfigMap carrying its hash annotation. */
    public static ConfigMap sign(ConfigMap configMap) {
        return new ConfigMapBuilder(configMap).editMetadata().addToAnnotations(Map.of(ANNOTATION, of(configMap)))
                .endMetadata().build();
    }
}
