package dev.bootstrap.templates;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where templates come from: the ones packaged in the core jar under {@code templates/}, each
 * replaceable by a file of the same name in a user directory ({@code --templates-dir}). A file in
 * that directory that matches no template is an error, so a typo cannot be silently ignored.
 */
public final class TemplateSource {

    /** Every template bootstrap renders, by name (the path under templates/; file names are unique). */
    public static final List<String> NAMES = List.of(
            "manifests/etcd.yaml", "manifests/kube-apiserver.yaml", "manifests/kube-controller-manager.yaml",
            "manifests/kube-scheduler.yaml", "kubeconfig/kubeconfig.yaml", "kubelet/config.yaml",
            "kubelet/instance-config.yaml", "kubelet/kubeadm-flags.env", "kubelet/10-kubeadm.conf",
            "addons/coredns.yaml", "addons/kube-proxy.yaml", "addons/flannel.yaml", "addons/calico.yaml",
            "containerd/config-v2.toml", "containerd/config-v3.toml", "containerd/hosts.toml",
            "containerd/containerd.service", "containerd/containerd.openrc", "kubelet/kubelet.service",
            "kubelet/kubelet.openrc");

    private final Path overrideDir;

    private TemplateSource(Path overrideDir) {
        this.overrideDir = overrideDir;
    }

    public static TemplateSource builtIn() {
        return new TemplateSource(null);
    }

    /** Built-in templates, overridden by files in {@code dir} named like a template (e.g. etcd.yaml). */
    public static TemplateSource withOverrides(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TemplateException("templates directory " + dir + " does not exist or is not a directory");
        }
        List<String> unknown = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> NAMES.stream().noneMatch(t -> fileName(t).equals(n)))
                    .sorted().forEach(unknown::add);
        } catch (IOException e) {
            throw new TemplateException("cannot list templates directory " + dir + ": " + e.getMessage(), e);
        }
        if (!unknown.isEmpty()) {
            throw new TemplateException("templates directory " + dir + ": " + String.join(", ", unknown)
                    + " match no template (known: " + String.join(", ", NAMES.stream().map(TemplateSource::fileName).toList())
                    + ")");
        }
        return new TemplateSource(dir);
    }

    private static String fileName(String name) {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    /** The template's text and where it came from (the user file or "templates/NAME"). */
    public record Template(String name, String origin, String text) {
    }

    public Template load(String name) {
        if (!NAMES.contains(name)) {
            throw new TemplateException("no template named " + name);
        }
        Optional<Path> override = Optional.ofNullable(overrideDir).map(d -> d.resolve(fileName(name)))
                .filter(Files::isRegularFile);
        if (override.isPresent()) {
            try {
                return new Template(name, override.get().toString(), Files.readString(override.get(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new TemplateException("cannot read template " + override.get() + ": " + e.getMessage(), e);
            }
        }
        try (InputStream in = TemplateSource.class.getResourceAsStream("/templates/" + name)) {
            if (in == null) {
                throw new TemplateException("built-in template templates/" + name + " is missing from the jar");
            }
            return new Template(name, "templates/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TemplateException("cannot read built-in template " + name + ": " + e.getMessage(), e);
        }
    }
}
