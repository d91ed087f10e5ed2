package dev.bootstrap.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.ClusterFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The CNI objects as fabric8 parses them from the built-in templates (RenderedYaml refuses unknown fields). */
class CniManifestsTest {

    private static final TemplateRenderer RENDERER = new TemplateRenderer(TemplateSource.builtIn());

    private static ClusterFile file(String spec, String address) {
        return ClusterFileReader.read("cluster.yaml", ClusterFiles.oneControlPlane(spec, address), Map.of());
    }

    private static ClusterFile file(String cni, String podSubnet, String registries) {
        return ClusterFileReader.read("cluster.yaml", ClusterFiles.withCni(cni, podSubnet).replace("  nodes:\n",
                registries + "  nodes:\n"), Map.of());
    }

    private static <T> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> ((HasMetadata) o).getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    /** Every container and init container of the workloads, as the kubelet would pull them. */
    private static List<Container> containers(List<HasMetadata> objects) {
        List<Container> all = new ArrayList<>();
        for (HasMetadata o : objects) {
            PodSpec pod = o instanceof DaemonSet d ? d.getSpec().getTemplate().getSpec()
                    : o instanceof Deployment d ? d.getSpec().getTemplate().getSpec() : null;
            if (pod != null) {
                Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).forEach(all::add);
            }
        }
        return all;
    }

    private static String env(Container c, String name) {
        return c.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElseThrow();
    }

    @Test
    void flannelIsUpstreamsObjectsWithThePodSubnetAsItsNetwork() {
        List<HasMetadata> objects = CniManifests.of(file("flannel", "10.32.0.0/12,fd00:10:32::/56", ""), RENDERER)
                .objects();
        assertEquals(List.of("Namespace/kube-flannel", "ClusterRole/flannel", "ClusterRoleBinding/flannel",
                "ServiceAccount/kube-flannel/flannel", "ConfigMap/kube-flannel/kube-flannel-cfg",
                "DaemonSet/kube-flannel/kube-flannel-ds"), objects.stream().map(o -> o.getKind() + "/"
                + (o.getMetadata().getNamespace() == null ? "" : o.getMetadata().getNamespace() + "/")
                + o.getMetadata().getName()).toList());
        assertEquals("privileged", find(objects, Namespace.class, "kube-flannel").getMetadata().getLabels()
                .get("pod-security.kubernetes.io/enforce"));
        ConfigMap cfg = find(objects, ConfigMap.class, "kube-flannel-cfg");
        Map<String, Object> net = new Yaml().load(cfg.getData().get("net-conf.json"));
        assertEquals(Map.of("Network", "10.32.0.0/12", "EnableNFTables", false, "Backend", Map.of("Type", "vxlan")), net,
                "the IPv4 range of a dual-stack podSubnet");
        Map<String, Object> conf = new Yaml().load(cfg.getData().get("cni-conf.json"));
        assertEquals("cbr0", conf.get("name"));
        assertEquals("0.3.1", conf.get("cniVersion"));
        assertEquals(List.of("flannel", "portmap"), ((List<?>) conf.get("plugins")).stream()
                .map(p -> ((Map<?, ?>) p).get("type")).toList());
        DaemonSet ds = find(objects, DaemonSet.class, "kube-flannel-ds");
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        assertEquals(List.of("install-cni-plugin", "install-cni"), pod.getInitContainers().stream().map(Container::getName)
                .toList());
        assertEquals(List.of("--ip-masq", "--kube-subnet-mgr"), pod.getContainers().get(0).getArgs());
        assertEquals(List.of("/run/flannel", "/opt/cni/bin", "/etc/cni/net.d", "/run/xtables.lock"), pod.getVolumes()
                .stream().filter(v -> v.getHostPath() != null).map(v -> v.getHostPath().getPath()).toList());
        assertEquals(List.of("ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3", "ghcr.io/flannel-io/flannel:v0.28.9",
                "ghcr.io/flannel-io/flannel:v0.28.9"), containers(objects).stream().map(Container::getImage).toList());
    }

    @Test
    void calicoHasItsDefinitionsFirstAndItsPoolFromThePodSubnet() {
        List<HasMetadata> objects = CniManifests.of(file("calico", "192.168.0.0/16", ""), RENDERER).objects();
        List<CustomResourceDefinition> crds = objects.stream().filter(CustomResourceDefinition.class::isInstance)
                .map(CustomResourceDefinition.class::cast).toList();
        assertEquals(24, crds.size());
        assertTrue(objects.subList(0, crds.size()).stream().allMatch(CustomResourceDefinition.class::isInstance),
                "the definitions come first");
        CustomResourceDefinition pools = find(objects, CustomResourceDefinition.class, "ippools.crd.projectcalico.org");
        assertEquals("IPPoolList", pools.getSpec().getNames().getListKind());
        assertEquals("ippool", pools.getSpec().getNames().getSingular());
        assertEquals("Cluster", pools.getSpec().getScope());
        assertTrue(pools.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema()
                .getXKubernetesPreserveUnknownFields());
        assertEquals("Namespaced", find(objects, CustomResourceDefinition.class, "networkpolicies.crd.projectcalico.org")
                .getSpec().getScope());
        assertTrue(find(objects, CustomResourceDefinition.class, "adminnetworkpolicies.policy.networking.k8s.io")
                .getSpec().getVersions().get(0).getSubresources().getStatus() != null);

        Container node = find(objects, DaemonSet.class, "calico-node").getSpec().getTemplate().getSpec().getContainers()
                .get(0);
        assertEquals("192.168.0.0/16", env(node, "CALICO_IPV4POOL_CIDR"));
        assertEquals("can-reach=10.211.0.11", env(node, "IP_AUTODETECTION_METHOD"));
        assertTrue(find(objects, ConfigMap.class, "calico-config").getData().get("cni_network_config")
                .contains("\"type\": \"calico-ipam\""));
        assertEquals(List.of("quay.io/calico/cni:v3.31.3", "quay.io/calico/node:v3.31.3",
                "quay.io/calico/kube-controllers:v3.31.3"), containers(objects).stream().map(Container::getImage).toList());

        Container byName = find(CniManifests.of(file("""
                  networking: {podSubnet: 192.168.0.0/16}
                  addons: {cni: {type: calico}}
                """, "cp1.lab.internal"), RENDERER).objects(), DaemonSet.class, "calico-node").getSpec().getTemplate()
                .getSpec().getContainers().get(0);
        assertEquals("first-found", env(byName, "IP_AUTODETECTION_METHOD"), "a name may resolve otherwise on the nodes");
    }

    @Test
    void imagesAreNamedOnTheFirstMirrorOfTheirRegistry() {
        String mirrors = """
                  registries:
                    ghcr.io: [https://mirror.lab.internal/ghcr, https://second.lab.internal]
                    quay.io: [https://quay-mirror.lab.internal:5000]
                """;
        assertEquals(List.of("mirror.lab.internal/ghcr/flannel-io/flannel-cni-plugin:v1.9.1-flannel3",
                "mirror.lab.internal/ghcr/flannel-io/flannel:v0.28.9", "mirror.lab.internal/ghcr/flannel-io/flannel:v0.28.9"),
                containers(CniManifests.of(file("flannel", "10.244.0.0/16", mirrors), RENDERER).objects()).stream()
                        .map(Container::getImage).toList());
        assertEquals(List.of("quay-mirror.lab.internal:5000/calico/cni:v3.31.3",
                "quay-mirror.lab.internal:5000/calico/node:v3.31.3",
                "quay-mirror.lab.internal:5000/calico/kube-controllers:v3.31.3"),
                containers(CniManifests.of(file("calico", "10.244.0.0/16", mirrors), RENDERER).objects()).stream()
                        .map(Container::getImage).toList());
    }

    @Test
    void noneHasNoObjects() {
        ClusterFile none = file("  networking: {podSubnet: 10.244.0.0/16}\n", "10.211.0.11");
        assertEquals(ClusterFile.Cni.NONE, CniManifests.of(none, RENDERER).type());
        assertEquals(List.of(), CniManifests.of(none, RENDERER).objects());
    }
}
