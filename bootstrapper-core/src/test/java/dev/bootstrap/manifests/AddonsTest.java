package dev.bootstrap.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubeadmConfig;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

class AddonsTest {

    private static <T> T find(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.31.4", "v1.32.3", "v1.33.2", "v1.34.1", "v1.35.0", "v1.36.0", "v1.37.1"})
    void coreDnsObjects(String version) {
        KubeadmConfig config = StaticPodsTest.config(version, "networking:\n  dnsDomain: corp.local\n");
        List<HasMetadata> objects = new Addons(StaticPodsTest.RENDERER, config, Map.of()).coreDns();
        assertEquals(List.of("ServiceAccount/coredns", "ClusterRole/system:coredns", "ClusterRoleBinding/system:coredns",
                "ConfigMap/coredns", "Deployment/coredns", "Service/kube-dns"),
                objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        String corefile = find(objects, ConfigMap.class).getData().get("Corefile");
        assertTrue(corefile.contains("kubernetes corp.local in-addr.arpa ip6.arpa {"));
        boolean disable = !version.startsWith("v1.31");
        assertEquals(disable, corefile.contains("disable success corp.local"));
        assertEquals(!disable, corefile.contains("    cache 30\n"));
        Deployment deployment = find(objects, Deployment.class);
        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals("system-cluster-critical", deployment.getSpec().getTemplate().getSpec().getPriorityClassName());
        Container c = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        String repo = "registry.k8s.io/coredns/coredns:";
        assertEquals(repo + config.release().coreDnsTag(), c.getImage());
        boolean named = StaticPodsTest.minor(version) >= 34;
        assertEquals(named ? 5 : 3, c.getPorts().size());
        assertEquals(named ? "liveness-probe" : null, c.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertEquals(List.of("-conf", "/etc/coredns/Corefile"), c.getArgs());
        Service service = find(objects, Service.class);
        assertEquals("10.96.0.10", service.getSpec().getClusterIP());
        assertEquals("9153", service.getMetadata().getAnnotations().get("prometheus.io/port"));
        assertEquals(2, find(objects, ClusterRole.class).getRules().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"v1.31.4", "v1.34.1", "v1.35.0", "v1.36.4", "v1.37.0", "v1.37.1"})
    void kubeProxyObjects(String version) {
        KubeadmConfig config = StaticPodsTest.config(version, "networking:\n  podSubnet: 10.244.0.0/16\n");
        List<HasMetadata> objects = new Addons(StaticPodsTest.RENDERER, config, Map.of("https_proxy", "http://p:3128"))
                .kubeProxy();
        assertEquals(List.of("ServiceAccount/kube-proxy", "ClusterRoleBinding/kubeadm:node-proxier", "Role/kube-proxy",
                "RoleBinding/kube-proxy", "ConfigMap/kube-proxy", "DaemonSet/kube-proxy"),
                objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
        ConfigMap cm = find(objects, ConfigMap.class);
        Map<String, Object> proxyConfig = new Yaml().load(cm.getData().get("config.conf"));
        assertEquals("10.244.0.0/16", proxyConfig.get("clusterCIDR"));
        assertEquals("0.0.0.0", proxyConfig.get("bindAddress"));
        // kubeadm 1.37 writes mode: iptables when the user sets none; before, the mode stays unset ("")
        assertEquals(StaticPodsTest.minor(version) >= 37 ? "iptables" : null, proxyConfig.get("mode"));
        assertEquals(List.of("apiVersion", "bindAddress", "clientConnection", "clusterCIDR", "kind", "mode")
                .subList(0, StaticPodsTest.minor(version) >= 37 ? 6 : 5), List.copyOf(proxyConfig.keySet()), "keys sorted");
        Map<String, Object> kubeconfig = new Yaml().load(cm.getData().get("kubeconfig.conf"));
        assertEquals("https://10.211.0.11:6443",
                ((Map<?, ?>) ((Map<?, ?>) ((List<?>) kubeconfig.get("clusters")).get(0)).get("cluster")).get("server"));
        DaemonSet ds = find(objects, DaemonSet.class);
        Container c = ds.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("registry.k8s.io/kube-proxy:" + version, c.getImage());
        assertEquals(List.of("NODE_NAME", "https_proxy"), c.getEnv().stream().map(e -> e.getName()).toList());
        assertTrue(c.getSecurityContext().getPrivileged());
        assertEquals("system-node-critical", ds.getSpec().getTemplate().getSpec().getPriorityClassName());
    }
}
