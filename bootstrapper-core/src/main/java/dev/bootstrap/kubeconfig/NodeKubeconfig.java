package dev.bootstrap.kubeconfig;

import dev.bootstrap.host.Host;
import dev.bootstrap.kube.KubeSerialization;
import io.fabric8.kubernetes.api.model.AuthInfo;
import io.fabric8.kubernetes.api.model.Cluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kubeconfig on a node, made usable on this machine: the files it names (the kubelet's rotating
 * kubelet-client-current.pem, a CA file) are read through the node's Host and embedded, since their paths mean
 * nothing here.
 */
public final class NodeKubeconfig {

    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----[^-]+-----END \\1-----");

    private NodeKubeconfig() {
    }

    /** The kubeconfig's text with every referenced file embedded; empty when the file does not exist. */
    public static Optional<String> read(Host node, String path) {
        Optional<byte[]> bytes = node.readFile(path);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String where = "[" + node.name() + "] " + path;
        Config config = KubeSerialization.SHARED.unmarshal(new String(bytes.get(), StandardCharsets.UTF_8), Config.class);
        if (config.getClusters() != null) {
            for (NamedCluster named : config.getClusters()) {
                Cluster c = named.getCluster();
                if (c != null && c.getCertificateAuthorityData() == null && c.getCertificateAuthority() != null) {
                    c.setCertificateAuthorityData(embedded(node, c.getCertificateAuthority(), where, "CERTIFICATE"));
                    c.setCertificateAuthority(null);
                }
            }
        }
        if (config.getUsers() != null) {
            for (NamedAuthInfo named : config.getUsers()) {
                AuthInfo u = named.getUser();
                if (u != null && u.getClientCertificateData() == null && u.getClientCertificate() != null) {
                    u.setClientCertificateData(embedded(node, u.getClientCertificate(), where, "CERTIFICATE"));
                    u.setClientCertificate(null);
                }
                if (u != null && u.getClientKeyData() == null && u.getClientKey() != null) {
                    u.setClientKeyData(embedded(node, u.getClientKey(), where, "PRIVATE KEY"));
                    u.setClientKey(null);
                }
            }
        }
        return Optional.of(KubeSerialization.SHARED.asYaml(config));
    }

    /**
     * The PEM blocks of a file whose type ends with {@code type}: a kubelet keeps its certificate and key in one file
     * (kubelet-client-current.pem), which is both client-certificate and client-key.
     */
    private static String embedded(Host node, String file, String where, String type) {
        byte[] content = node.readFile(file).orElseThrow(() -> new KubeconfigException(where + " names " + file
                + ", which does not exist on " + node.name()));
        Matcher block = PEM_BLOCK.matcher(new String(content, StandardCharsets.US_ASCII));
        StringBuilder kept = new StringBuilder();
        while (block.find()) {
            if (block.group(1).endsWith(type)) {
                kept.append(block.group()).append('\n');
            }
        }
        if (kept.isEmpty()) {
            throw new KubeconfigException(where + " names " + file + ", which holds no " + type + " block");
        }
        return Base64.getEncoder().encodeToString(kept.toString().getBytes(StandardCharsets.US_ASCII));
    }
}
