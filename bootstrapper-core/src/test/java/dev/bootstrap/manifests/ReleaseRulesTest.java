package dev.bootstrap.manifests;

import static dev.bootstrap.manifests.StaticPodsTest.NO_FACTS;
import static dev.bootstrap.manifests.StaticPodsTest.RENDERER;
import static dev.bootstrap.manifests.StaticPodsTest.config;
import static dev.bootstrap.manifests.StaticPodsTest.container;
import static dev.bootstrap.manifests.StaticPodsTest.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

/**
 * What kubeadm changed inside a minor, at the patch releases where it changed (docs/kubeadm-compat.md):
 * each case is the last release before a change and the first one with it.
 */
class ReleaseRulesTest {

    private static KubeadmConfig withKubeletArgs(String version) {
        return KubeadmConfigReader.readInit("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  kubeletExtraArgs:
                  - name: v
                    value: "4"
                  - name: node-ip
                    value: 10.211.0.11
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: %s
                scheduler:
                  extraArgs:
                  - name: v
                    value: "2"
                  - name: bind-address
                    value: 0.0.0.0
                  - name: authorization-kubeconfig
                    value: /etc/kubernetes/other.conf
                """.formatted(version), InitFlags.NONE).forNode("cp1", "10.211.0.11");
    }

    /** kubeadm's ArgumentsToCommand (cmd/kubeadm/app/util/arguments.go) before and after kubernetes#135400. */
    @ParameterizedTest
    @CsvSource({"v1.32.11, false", "v1.32.12, true", "v1.33.7, false", "v1.33.8, true", "v1.34.3, false",
            "v1.34.4, true", "v1.35.0, false", "v1.35.1, true", "v1.36.0, true", "v1.37.1, true"})
    void userArgsFollowTheSortedDefaultsInTheUsersOrderFromTheBackport(String version, boolean userOrder) {
        KubeadmConfig config = withKubeletArgs(version);
        List<String> scheduler = container(new StaticPods(RENDERER, config, NO_FACTS).render("kube-scheduler")).getCommand();
        assertEquals(userOrder
                ? List.of("kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
                        "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true", "--v=2",
                        "--bind-address=0.0.0.0", "--authorization-kubeconfig=/etc/kubernetes/other.conf")
                : List.of("kube-scheduler", "--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
                        "--authorization-kubeconfig=/etc/kubernetes/other.conf", "--bind-address=0.0.0.0",
                        "--kubeconfig=/etc/kubernetes/scheduler.conf", "--leader-elect=true", "--v=2"), scheduler);
        List<String> kubelet = new KubeletFiles(RENDERER, config).flags("cp1");
        List<String> user = kubelet.stream().filter(f -> f.startsWith("--v=") || f.startsWith("--node-ip=")).toList();
        assertEquals(userOrder ? List.of("--v=4", "--node-ip=10.211.0.11") : List.of("--node-ip=10.211.0.11", "--v=4"), user);
        if (userOrder) {
            assertEquals(user, kubelet.subList(kubelet.size() - 2, kubelet.size()), "the user's flags come last");
        }
    }

    @ParameterizedTest
    @CsvSource({"v1.34.4, true", "v1.35.9, true", "v1.36.0, false", "v1.37.1, false"})
    void controllerManagerLosesFlexvolumeDirIn136EvenWithTheFlag(String version, boolean flexVolume) {
        StaticPods pods = new StaticPods(RENDERER, config(version, """
                controllerManager:
                  extraArgs:
                  - name: flex-volume-plugin-dir
                    value: /opt/flex
                """), NO_FACTS);
        List<Volume> volumes = pod(pods.render("kube-controller-manager")).getSpec().getVolumes();
        assertEquals(flexVolume ? List.of("ca-certs", "flexvolume-dir", "k8s-certs", "kubeconfig")
                : List.of("ca-certs", "k8s-certs", "kubeconfig"), volumes.stream().map(Volume::getName).toList());
        assertEquals(flexVolume, volumes.stream().anyMatch(v -> "/opt/flex".equals(v.getHostPath().getPath())));
        assertTrue(container(pods.render("kube-controller-manager")).getCommand().contains("--flex-volume-plugin-dir=/opt/flex"),
                "the flag itself is the user's and stays");
    }

    /** The kubelet-config ConfigMap and a joining node's config.yaml, on nodes running systemd-resolved. */
    @ParameterizedTest
    @CsvSource({"v1.34.9, false", "v1.35.9, false", "v1.35.10, true", "v1.36.5, false", "v1.36.6, true",
            "v1.37.1, false", "v1.37.2, true"})
    void resolvConfLeavesTheClusterConfigMapWithTheOctober2026Patches(String version, boolean perNode) {
        KubeletFiles files = new KubeletFiles(RENDERER, config(version, ""));
        String cluster = files.clusterConfig(true).text();
        Map<String, Object> uploaded = new Yaml().load(cluster);
        assertEquals(!perNode, uploaded.containsKey("resolvConf"), cluster);
        assertTrue(new Yaml().<Map<String, Object>>load(files.config(true).text()).containsKey("resolvConf"),
                "the init node's own config.yaml keeps it");
        String joining = files.joiningNodeConfig(cluster, () -> true);
        assertEquals(KubeletFiles.RESOLVED_RESOLV_CONF, new Yaml().<Map<String, Object>>load(joining).get("resolvConf"));
        List<String> keys = List.copyOf(new Yaml().<Map<String, Object>>load(joining).keySet());
        assertEquals(keys.stream().sorted().toList(), keys, "kubeadm's sorted keys: " + keys);
        String noResolved = files.joiningNodeConfig(files.clusterConfig(false).text(), () -> false);
        assertFalse(noResolved.contains("resolvConf"), "a node without systemd-resolved gets none");
    }
}
