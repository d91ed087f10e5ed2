package dev.bootstrap.apiserver;

import dev.bootstrap.discovery.ClusterInfo;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.DetachedJws;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes kube-public/cluster-info ({@link ClusterInfo}) signed for every signing token. kubeadm leaves
 * signing to the controller-manager; we sign too, so join never waits on it.
 */
public final class ClusterInfoPublisher {

    private ClusterInfoPublisher() {
    }

    /**
     * Makes sure cluster-info exists (an existing one is kept, as kubeadm does) and carries a valid
     * signature for every given signing token; returns what it did.
     */
    public static List<ObjectApplier.Applied> publish(KubernetesClient client, String kubeconfig,
                                                      List<BootstrapToken> signingTokens) {
        List<ObjectApplier.Applied> done = new ArrayList<>();
        done.add(new ObjectApplier(client).createIfAbsent(ClusterInfo.configMap(kubeconfig)));
        ConfigMap current = client.configMaps().inNamespace(ClusterInfo.NAMESPACE).withName(ClusterInfo.NAME).get();
        String content = current.getData().get(ClusterInfo.KUBECONFIG_KEY);
        Map<String, String> missing = new LinkedHashMap<>();
        for (BootstrapToken token : signingTokens) {
            String key = ClusterInfo.JWS_PREFIX + token.id();
            String existing = current.getData().get(key);
            if (existing == null || !DetachedJws.verify(content, existing, token.id(), token.secret())) {
                missing.put(key, DetachedJws.sign(content, token.id(), token.secret()));
            }
        }
        if (!missing.isEmpty()) {
            client.configMaps().inNamespace(ClusterInfo.NAMESPACE).withName(ClusterInfo.NAME)
                    .edit(cm -> new ConfigMapBuilder(cm).addToData(missing).build());
            missing.keySet().forEach(k -> done.add(new ObjectApplier.Applied(true,
                    "signed ConfigMap kube-public/cluster-info (" + k + ")")));
        }
        return done;
    }
}
