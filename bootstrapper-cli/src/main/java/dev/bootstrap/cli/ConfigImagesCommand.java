package dev.bootstrap.cli;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.images.ClusterImages;
import dev.bootstrap.images.NeededImage;
import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.manifests.Images;
import dev.bootstrap.runtime.ContainerdConfig;
import dev.bootstrap.runtime.ImagesPull;
import dev.bootstrap.runtime.Registries;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap config images list|pull}: the images init pulls, in kubeadm's order. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Images used by the control plane and addons.",
        subcommands = {ConfigImagesCommand.ListImages.class, ConfigImagesCommand.PullImages.class})
public final class ConfigImagesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list or pull");
    }

    /** kubeadm's flags that name the images: a configuration file, the version, the image repository. */
    static final class KubeadmImageOptions {

        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE",
                description = "A kubeadm v1beta4 configuration file (InitConfiguration/ClusterConfiguration).")
        Path config;

        @Option(names = "--kubernetes-version", paramLabel = "VERSION",
                description = "Kubernetes version, v1." + VersionTable.OLDEST_MINOR + ".x to v1." + VersionTable.NEWEST_MINOR
                        + ".x (default: the file's, else " + VersionTable.DEFAULT_VERSION + ").")
        String kubernetesVersion;

        @Option(names = "--image-repository", paramLabel = "REPO",
                description = "Registry and path to pull from (default: the file's, else registry.k8s.io).")
        String imageRepository;

        boolean given() {
            return config != null || kubernetesVersion != null || imageRepository != null;
        }

        /** @param criSocket --cri-socket, or null */
        KubeadmConfig read(String criSocket) {
            InitFlags flags = InitFlags.images(kubernetesVersion, imageRepository, criSocket);
            return config == null ? KubeadmConfigReader.fromFlags(flags)
                    : KubeadmConfigReader.readInit(config, flags, Warnings.to(spec));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Print the images for a Kubernetes version and image repository, one per line "
                    + "(apiserver, controller-manager, scheduler, kube-proxy, CoreDNS, pause, etcd).",
                    "With -f: every image the cluster of a cluster file runs, named as its nodes pull them, each that "
                            + "no mirror of spec.registries serves marked with what needs it and the fix; exit 1 "
                            + "when there is one."})
    static final class ListImages implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

        @Mixin
        KubeadmImageOptions kubeadm;

        @Option(names = {"-f", "--cluster-file"}, paramLabel = "FILE", description = "A cluster file (its version, "
                + "image repository, addons and spec.registries) instead of kubeadm's flags.")
        Path clusterFile;

        @Override
        public Integer call() {
            if (clusterFile != null) {
                if (kubeadm.given()) {
                    throw new ParameterException(spec.commandLine(), "-f takes the version and image repository from "
                            + "the cluster file: drop --config, --kubernetes-version and --image-repository");
                }
                return clusterImages(ClusterFileReader.read(clusterFile, System.getenv()));
            }
            List<String> images = new Images(kubeadm.read(null).cluster()).all();
            PrintWriter out = spec.commandLine().getOut();
            if (global.json()) {
                out.println(KubeSerialization.SHARED.asJson(Map.of("images", images)));
            } else {
                images.forEach(out::println);
            }
            out.flush();
            return 0;
        }

        private int clusterImages(ClusterFile cluster) {
            Warnings.endOfLife(spec, cluster.kubeadm().kubernetesVersion());
            Registries registries = cluster.registries();
            List<NeededImage> needed = ClusterImages.of(cluster, new TemplateRenderer(TemplateSource.builtIn()));
            PrintWriter out = spec.commandLine().getOut();
            List<Map<String, Object>> json = new ArrayList<>();
            int unresolved = 0;
            for (NeededImage n : needed) {
                Optional<String> why = registries.unresolvable(n);
                unresolved += why.isPresent() ? 1 : 0;
                String image = registries.pulledAs(n);
                if (global.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("image", image);
                    m.put("neededBy", n.neededBy());
                    m.put("resolves", why.isEmpty());
                    why.ifPresent(w -> m.put("problem", w));
                    json.add(m);
                } else {
                    out.println(why.map(w -> image + "  # unresolved (" + String.join(", ", n.neededBy()) + "): " + w)
                            .orElse(image));
                }
            }
            if (global.json()) {
                out.println(Json.line(Map.of("images", json)));
            }
            out.flush();
            return unresolved == 0 ? 0 : 1;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Pull the images of 'config images list' through the node's container runtime, as kubeadm "
                    + "config images pull: with crictl over the CRI socket, or, where the node has no crictl, with "
                    + "containerd's ctr in its k8s.io namespace (the kubelet's) and the registry hosts of "
                    + ContainerdConfig.HOSTS_DIR + ".",
                    "Every image is tried; exit 1 names each that failed, the node and the runtime's error."})
    static final class PullImages implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        NodeOptions node;

        @Mixin
        KubeadmImageOptions kubeadm;

        @Option(names = "--cri-socket", paramLabel = "URL", description = "The runtime's CRI endpoint (default: "
                + "the file's nodeRegistration.criSocket, else containerd's unix:///var/run/containerd/containerd.sock).")
        String criSocket;

        @Override
        public Integer call() {
            KubeadmConfig config = kubeadm.read(criSocket);
            List<String> images = new Images(config.cluster()).all();
            String socket = config.init().nodeRegistration().criSocketUrl();
            PrintWriter out = spec.commandLine().getOut();
            boolean text = !node.global.json();
            Map<String, Object> doc = new LinkedHashMap<>();
            List<ImagesPull.Pulled> pulled = node.onNode(host -> {
                ImagesPull pull = ImagesPull.on(host, socket);
                doc.put("node", host.name());
                doc.put("tool", pull.tool().name());
                if (text && !pull.tool().viaCri()) {
                    out.println("[config/images] crictl is not on " + host.name() + ": pulling with "
                            + pull.tool().name() + " into containerd's k8s.io namespace, registry hosts from "
                            + ContainerdConfig.HOSTS_DIR);
                }
                return pull.pull(images, p -> {
                    if (text && p.error().isEmpty()) {
                        out.println("[config/images] Pulled " + p.image());
                        out.flush();
                    }
                });
            });
            List<String> failed = pulled.stream().flatMap(p -> p.error().stream()).toList();
            if (text) {
                failed.forEach(e -> spec.commandLine().getErr().println("error: " + e));
            } else {
                doc.put("images", pulled.stream().map(p -> p.error().isEmpty()
                        ? Map.of("image", p.image(), "pulled", true)
                        : Map.of("image", p.image(), "pulled", false, "error", p.error().get())).toList());
                out.println(Json.line(doc));
            }
            out.flush();
            return failed.isEmpty() ? 0 : 1;
        }
    }
}
