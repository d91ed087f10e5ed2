package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.runtime.ContainerdConfig.CgroupDriver;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerdConfigTest {

    static final ContainerdConfig CONFIG = new ContainerdConfig(new TemplateRenderer(TemplateSource.builtIn()));

    static ClusterConfiguration cluster(String kubernetesVersion, String extraYaml) {
        return KubeadmConfigReader.readInit("cluster.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nkubernetesVersion: " + kubernetesVersion + "\n" + extraYaml,
                InitFlags.NONE).cluster();
    }

    /** The keys that matter, read from a parsed config of either format. */
    record Settings(int version, Object systemdCgroup, Object runtimeType, Object sandboxImage, Object configPath) {

        static Settings of(Map<String, Object> doc) {
            int version = ((Number) doc.get("version")).intValue();
            String runtimePlugin = version == 2 ? "io.containerd.grpc.v1.cri" : "io.containerd.cri.v1.runtime";
            String imagesPlugin = version == 2 ? "io.containerd.grpc.v1.cri" : "io.containerd.cri.v1.images";
            Object sandbox = version == 2 ? Toml.at(doc, "plugins", imagesPlugin, "sandbox_image")
                    : Toml.at(doc, "plugins", imagesPlugin, "pinned_images", "sandbox");
            return new Settings(version,
                    Toml.at(doc, "plugins", runtimePlugin, "containerd", "runtimes", "runc", "options", "SystemdCgroup"),
                    Toml.at(doc, "plugins", runtimePlugin, "containerd", "runtimes", "runc", "runtime_type"),
                    sandbox, Toml.at(doc, "plugins", imagesPlugin, "registry", "config_path"));
        }
    }

    @Test
    void eachReleaseGetsItsFormatWithTheKeysThatMatterAndNothingElse() {
        Map<String, Integer> grpcCri = Map.of("io.containerd.grpc.v1.cri", 3);
        Map<String, Integer> splitCri = Map.of("io.containerd.cri.v1.images", 2, "io.containerd.cri.v1.runtime", 1);
        record Case(ContainerdVersion containerd, String kubernetes, int format, String pause, Map<String, Integer> tables) {
        }
        for (Case c : List.of(new Case(new ContainerdVersion(1, 6, 20), "v1.35.0", 2, "3.10.1", grpcCri),
                new Case(new ContainerdVersion(1, 7, 27), "v1.35.0", 2, "3.10.1", grpcCri),
                new Case(new ContainerdVersion(2, 0, 0), "v1.37.1", 3, "3.10.2", splitCri),
                new Case(new ContainerdVersion(2, 2, 1), "v1.37.1", 3, "3.10.2", splitCri))) {
            Map<String, Object> doc = Toml.parse(CONFIG.render(c.containerd(), CgroupDriver.SYSTEMD,
                    cluster(c.kubernetes(), "")).text());
            assertEquals(new Settings(c.format(), true, "io.containerd.runc.v2", "registry.k8s.io/pause:" + c.pause(),
                    "/etc/containerd/certs.d"), Settings.of(doc), c.toString());
            assertEquals(c.tables(), tableSizes(doc), c.toString());
        }
    }

    /** How many keys each plugin table has: nothing beyond what kubeadm needs, no inline mirrors, no 1.x names in 3. */
    private static Map<String, Integer> tableSizes(Map<String, Object> doc) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plugins = (Map<String, Object>) doc.get("plugins");
        assertEquals(2, doc.size(), "only version and plugins at the top: " + doc.keySet());
        return plugins.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                e -> ((Map<?, ?>) e.getValue()).size()));
    }

    @Test
    void cgroupfsKubeletsGetSystemdCgroupFalse() {
        for (ContainerdVersion v : new ContainerdVersion[] {new ContainerdVersion(1, 7, 0), new ContainerdVersion(2, 1, 3)}) {
            Map<String, Object> doc = Toml.parse(CONFIG.render(v, CgroupDriver.CGROUPFS, cluster("v1.35.0", "")).text());
            assertEquals(false, Settings.of(doc).systemdCgroup(), v.toString());
        }
    }

    @Test
    void theSandboxImageIsKubeadmsPauseUnderTheImageRepository() {
        ClusterConfiguration aliyun = cluster("v1.34.2", "imageRepository: registry.aliyuncs.com/google_containers\n");
        for (ContainerdVersion v : new ContainerdVersion[] {new ContainerdVersion(1, 6, 20), new ContainerdVersion(2, 0, 5)}) {
            Map<String, Object> doc = Toml.parse(CONFIG.render(v, CgroupDriver.SYSTEMD, aliyun).text());
            assertEquals("registry.aliyuncs.com/google_containers/pause:3.10.1", Settings.of(doc).sandboxImage());
        }
        Map<String, Object> old = Toml.parse(CONFIG.render(new ContainerdVersion(1, 7, 1), CgroupDriver.SYSTEMD,
                cluster("v1.31.4", "imageRepository: mirror.example:5000/k8s\n")).text());
        assertEquals("mirror.example:5000/k8s/pause:3.10", Settings.of(old).sandboxImage());
    }

    @Test
    void theFileIsConfigTomlReadableByAll() {
        RenderedFile file = CONFIG.render(new ContainerdVersion(1, 7, 27), CgroupDriver.SYSTEMD, cluster("v1.35.0", ""));
        assertEquals("/etc/containerd/config.toml", file.path());
        assertEquals(0644, file.mode());
        assertEquals("templates/containerd/config-v2.toml", file.template());
        assertFalse(file.text().contains("mirrors"), file.text());
    }

    @Test
    void anUnsupportedContainerdIsAnErrorBeforeAnythingIsRendered() {
        ContainerdException e = assertThrows(ContainerdException.class, () -> CONFIG.render(
                new ContainerdVersion(1, 5, 9), CgroupDriver.SYSTEMD, cluster("v1.35.0", "")));
        assertEquals("containerd 1.5.9 is not supported: bootstrap configures containerd 1.6, 1.7 and 2.0 to 2.2",
                e.getMessage());
    }

    @Test
    void cgroupDriverIsReadAsTheKubeletSpellsIt() {
        assertEquals(CgroupDriver.SYSTEMD, CgroupDriver.of("systemd", "KubeletConfiguration.cgroupDriver"));
        assertEquals(CgroupDriver.CGROUPFS, CgroupDriver.of("cgroupfs", "KubeletConfiguration.cgroupDriver"));
        ConfigException e = assertThrows(ConfigException.class,
                () -> CgroupDriver.of("Systemd", "KubeletConfiguration.cgroupDriver"));
        assertEquals("KubeletConfiguration.cgroupDriver: \"Systemd\" is neither systemd nor cgroupfs",
                e.getMessage());
    }
}
