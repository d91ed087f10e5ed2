package dev.bootstrap.discovery;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The format of kube-public/cluster-info: a kubeconfig with only the cluster (empty name, server, CA) that
 * joining nodes read anonymously, and one detached JWS per signing token ({@link #JWS_PREFIX}) so they can
 * trust it. Written by init ({@code apiserver.ClusterInfoPublisher}), read by {@link TokenDiscovery}.
 */
public final class ClusterInfo {

    public static final String NAMESPACE = "kube-public";
    public static final String NAME = "cluster-info";
    public static final String KUBECONFIG_KEY = "kubeconfig";
    public static final String JWS_PREFIX = "jws-kubeconfig-";

    private ClusterInfo() {
    }

    /** The kubeconfig text stored in cluster-info, laid out as client-go writes it. */
    public static String kubeconfig(String server, byte[] caPem) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", Base64.getEncoder().encodeToString(caPem));
        cluster.put("server", server);
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("cluster", cluster);
        named.put("name", "");
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "v1");
        root.put("clusters", List.of(named));
        root.put("contexts", null);
        root.put("current-context", "");
        root.put("kind", "Config");
        root.put("preferences", Map.of());
        root.put("users", null);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndicatorIndent(0);
        options.setWidth(Integer.MAX_VALUE);
        return new Yaml(options).dump(root);
    }

    public static ConfigMap configMap(String kubeconfig) {
        return new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(NAMESPACE).endMetadata()
                .withData(Map.of(KUBECONFIG_KEY, kubeconfig)).build();
    }

    /** The CA bytes (PEM, possibly a bundle) a cluster-info kubeconfig carries. */
    public static byte[] caOf(String kubeconfig) {
        return Base64.getDecoder().decode(((String) clusterOf(kubeconfig).get("certificate-authority-data"))
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** The server URL a cluster-info kubeconfig carries. */
    public static String serverOf(String kubeconfig) {
        return (String) clusterOf(kubeconfig).get("server");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> clusterOf(String kubeconfig) {
        try {
            Map<String, Object> root = new Yaml().load(kubeconfig);
            Map<String, Object> cluster = (Map<String, Object>) ((Map<String, Object>)
                    ((List<?>) root.get("clusters")).get(0)).get("cluster");
            if (cluster.get("server") == null || cluster.get("certificate-authority-data") == null) {
                throw new IllegalArgumentException("cluster-info's kubeconfig lacks server or certificate-authority-data");
            }
            return cluster;
        } catch (ClassCastException | IndexOutOfBoundsException | NullPointerException
                 | org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException("cluster-info's kubeconfig is not a kubeconfig with one cluster: " + e, e);
        }
    }
}
