package dev.bootstrap.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.templates.RenderedFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.yaml.snakeyaml.Yaml;

class KubeletFilesTest {

    @Test
    void kubeletConfigurationCarriesKubeadmValues() {
        KubeadmConfig config = StaticPodsTest.config("v1.33.2", "networking:\n  serviceSubnet: 10.100.0.0/16\n  dnsDomain: corp.local\n");
        RenderedFile file = new KubeletFiles(StaticPodsTest.RENDERER, config).config(true);
        assertEquals("/var/lib/kubelet/config.yaml", file.path());
        assertEquals(0644, file.mode());
        Map<String, Object> doc = new Yaml().load(file.text());
        assertEquals("kubelet.config.k8s.io/v1beta1", doc.get("apiVersion"));
        assertEquals("KubeletConfiguration", doc.get("kind"));
        assertEquals(List.of("10.100.0.10"), doc.get("clusterDNS"));
        assertEquals("corp.local", doc.get("clusterDomain"));
        assertEquals("systemd", doc.get("cgroupDriver"));
        assertEquals("/etc/kubernetes/manifests", doc.get("staticPodPath"));
        assertEquals("127.0.0.1", doc.get("healthzBindAddress"));
        assertEquals(10248, doc.get("healthzPort"));
        assertEquals(true, doc.get("rotateCertificates"));
        assertEquals("/run/systemd/resolve/resolv.conf", doc.get("resolvConf"));
        assertEquals(Map.of("mode", "Webhook", "webhook", Map.of("cacheAuthorizedTTL", "0s", "cacheUnauthorizedTTL", "0s")),
                doc.get("authorization"));
        @SuppressWarnings("unchecked")
        Map<String, Object> authn = (Map<String, Object>) doc.get("authentication");
        assertEquals(Map.of("enabled", false), authn.get("anonymous"));
        assertEquals(Map.of("clientCAFile", "/etc/kubernetes/pki/ca.crt"), authn.get("x509"));
        assertEquals(true, ((Map<?, ?>) authn.get("webhook")).get("enabled"));
        Map<String, Object> noResolved = new Yaml().load(new KubeletFiles(StaticPodsTest.RENDERER, config).config(false).text());
        assertFalse(noResolved.containsKey("resolvConf"));
    }

    @Test
    void kubeletconfigurationPatchesReachConfigYamlButNotTheClusterCopy(@TempDir Path patches) throws Exception {
        Files.writeString(patches.resolve("kubeletconfiguration+json.yaml"), "- {op: replace, path: /healthzPort, value: 10299}\n");
        Files.writeString(patches.resolve("kubeletconfiguration0+merge.yaml"), "maxPods: 50\n");
        KubeadmConfig config = KubeadmConfigReader.readInit("init.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                patches:
                  directory: %s
                """.formatted(patches), InitFlags.NONE).forNode("cp1", "10.211.0.11");
        KubeletFiles files = new KubeletFiles(StaticPodsTest.RENDERER, config);
        Map<String, Object> node = new Yaml().load(files.config(false).text());
        assertEquals(50, node.get("maxPods"));
        assertEquals(10299, node.get("healthzPort"));
        assertEquals("KubeletConfiguration", node.get("kind"));
        Map<String, Object> cluster = new Yaml().load(files.clusterConfig(false).text());
        assertFalse(cluster.containsKey("maxPods"));
        assertEquals(10248, cluster.get("healthzPort"));
    }

    private static final String CONTAINERD = "unix:///var/run/containerd/containerd.sock";

    /**
     * kubeadm-flags.env and the files kubelet-start writes, per release (docs/kubeadm-compat.md#kubelet-files):
     * with NodeLocalCRISocket (1.34 on, still after the gate's removal in 1.37) the socket moves from the flags
     * into instance-config.yaml; the pause image flag goes in 1.35.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v1.31.4 | --container-runtime-endpoint=" + CONTAINERD + " --pod-infra-container-image=registry.k8s.io/pause:3.10",
            "v1.32.3 | --container-runtime-endpoint=" + CONTAINERD + " --pod-infra-container-image=registry.k8s.io/pause:3.10",
            "v1.33.2 | --container-runtime-endpoint=" + CONTAINERD + " --pod-infra-container-image=registry.k8s.io/pause:3.10",
            "v1.34.1 | --pod-infra-container-image=registry.k8s.io/pause:3.10.1",
            "v1.35.0 | ",
            "v1.36.1 | ",
            "v1.37.1 | "})
    void flagsEnvAndInstanceConfigPerRelease(String version, String args) {
        KubeletFiles files = new KubeletFiles(StaticPodsTest.RENDERER, StaticPodsTest.config(version, ""));
        assertEquals("KUBELET_KUBEADM_ARGS=\"" + (args == null ? "" : args) + "\"\n", files.flagsEnv("cp1").text());
        boolean instanceConfig = StaticPodsTest.minor(version) >= 34;
        List<RenderedFile> all = files.all("cp1", false);
        assertEquals(instanceConfig
                ? List.of("/var/lib/kubelet/config.yaml", "/var/lib/kubelet/instance-config.yaml",
                        "/var/lib/kubelet/kubeadm-flags.env", "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf")
                : List.of("/var/lib/kubelet/config.yaml", "/var/lib/kubelet/kubeadm-flags.env",
                        "/etc/systemd/system/kubelet.service.d/10-kubeadm.conf"),
                all.stream().map(RenderedFile::path).toList());
        if (instanceConfig) {
            assertEquals(Map.of("apiVersion", "kubelet.config.k8s.io/v1beta1", "kind", "KubeletConfiguration",
                    "containerRuntimeEndpoint", CONTAINERD), new Yaml().load(all.get(1).text()));
        }
    }

    @Test
    void aNodeNameOtherThanTheHostNameAddsTheOverrideAndValuesAreGoQuoted() {
        KubeletFiles files = new KubeletFiles(StaticPodsTest.RENDERER, StaticPodsTest.config("v1.34.1", ""));
        assertEquals("KUBELET_KUBEADM_ARGS=\"--hostname-override=cp1 --pod-infra-container-image=registry.k8s.io/pause:3.10.1\"\n",
                files.flagsEnv("other-host").text());
        assertEquals("\"a \\\"b\\\" \\\\ \\n \\x01 é\"", GoQuote.quote("a \"b\" \\ \n \u0001 é"));
    }

    @Test
    void userKubeletArgsReplaceDefaults() {
        KubeadmConfig config = dev.bootstrap.config.KubeadmConfigReader.readInit("c.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  kubeletExtraArgs:
                  - name: pod-infra-container-image
                    value: mirror/pause:1 "quoted"
                  - name: node-ip
                    value: 10.211.0.11
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.32.3
                """, dev.bootstrap.config.InitFlags.NONE).forNode("cp1", "10.211.0.11");
        assertEquals("KUBELET_KUBEADM_ARGS=\"--container-runtime-endpoint=unix:///var/run/containerd/containerd.sock "
                + "--node-ip=10.211.0.11 --pod-infra-container-image=mirror/pause:1 \\\"quoted\\\"\"\n",
                new KubeletFiles(StaticPodsTest.RENDERER, config).flagsEnv("cp1").text());
    }

    @Test
    void dropInLoadsTheFlagsFile() {
        RenderedFile dropIn = new KubeletFiles(StaticPodsTest.RENDERER, StaticPodsTest.config("v1.34.1", "")).dropIn();
        assertTrue(dropIn.text().contains("EnvironmentFile=-/var/lib/kubelet/kubeadm-flags.env"));
        assertTrue(dropIn.text().contains("--kubeconfig=/etc/kubernetes/kubelet.conf"));
        assertTrue(dropIn.text().contains("--config=/var/lib/kubelet/config.yaml"));
        assertTrue(dropIn.text().contains("ExecStart=\nExecStart=/usr/bin/kubelet $KUBELET_KUBECONFIG_ARGS"));
    }
}
