package dev.bootstrap.runtime;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.manifests.Images;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TomlStrings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * /etc/containerd/config.toml for a kubeadm node, in the format of the containerd release found on it
 * (docs/kubeadm-compat.md#containerd-configuration): the runc runtime's SystemdCgroup from the kubelet's cgroup
 * driver, kubeadm's pause image as the sandbox image, and registry hosts from {@link #HOSTS_DIR}.
 */
public final class ContainerdConfig {

    public static final String PATH = "/etc/containerd/config.toml";
    /** The one registry config_path (a colon-separated list broke mirrors in containerd 2.2.0, containerd#12636). */
    public static final String HOSTS_DIR = "/etc/containerd/certs.d";

    /** The kubelet's cgroupDriver values (KubeletConfiguration); containerd's runc must use the same. */
    public enum CgroupDriver {
        SYSTEMD, CGROUPFS;

        /** A KubeletConfiguration cgroupDriver value; {@code where} names its field in errors. */
        public static CgroupDriver of(String value, String where) {
            return switch (value) {
                case "systemd" -> SYSTEMD;
                case "cgroupfs" -> CGROUPFS;
                default -> throw new ConfigException(where + ": \"" + value
                        + "\" is neither systemd nor cgroupfs");
            };
        }
    }

    private final TemplateRenderer renderer;

    public ContainerdConfig(TemplateRenderer renderer) {
        this.renderer = renderer;
    }

    /**
     * The lines {@code containerd config dump} must show for a config.toml of {@link #render}: a containerd that
     * ignores a table (1.6 reading a version 3 file) falls back to its defaults without an error.
     */
    public static List<String> dumped(ContainerdVersion version, CgroupDriver cgroupDriver,
                                                ClusterConfiguration cluster) {
        String sandbox = TomlStrings.basic(new Images(cluster).pause());
        return List.of("version = " + version.configFormat().version(),
                (version.configFormat() == ContainerdVersion.ConfigFormat.V2 ? "sandbox_image = " : "sandbox = ") + sandbox,
                "SystemdCgroup = " + (cgroupDriver == CgroupDriver.SYSTEMD),
                "config_path = " + TomlStrings.basic(HOSTS_DIR));
    }

    /** config.toml for {@code version}, whose kubelet uses {@code cgroupDriver}, in {@code cluster}. */
    public RenderedFile render(ContainerdVersion version, CgroupDriver cgroupDriver, ClusterConfiguration cluster) {
        String template = version.configFormat().template();
        Map<String, Object> scope = Map.of(
                "sandboxImage", new Images(cluster).pause(),
                "systemdCgroup", cgroupDriver == CgroupDriver.SYSTEMD,
                "hostsDir", HOSTS_DIR);
        TemplateRenderer.Output output = renderer.render(template, scope);
        return new RenderedFile(PATH, output.text().getBytes(StandardCharsets.UTF_8), 0644, output.template().origin());
    }
}
