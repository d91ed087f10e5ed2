package dev.bootstrap.cli;

import dev.bootstrap.kube.KubeSerialization;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.manifests.Images;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap config images list}: the images init pulls, in kubeadm's order. */
@Command(name = "images", mixinStandardHelpOptions = true,
        description = "Images used by the control plane and addons.",
        subcommands = {ConfigImagesCommand.ListImages.class})
public final class ConfigImagesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required: list");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Print the images for a Kubernetes version and image repository, one per line "
                    + "(apiserver, controller-manager, scheduler, kube-proxy, CoreDNS, pause, etcd).")
    static final class ListImages implements Runnable {

        @Spec
        CommandSpec spec;

        @Mixin
        GlobalOptions global;

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

        @Override
        public void run() {
            InitFlags flags = InitFlags.images(kubernetesVersion, imageRepository);
            KubeadmConfig cfg = config == null ? KubeadmConfigReader.fromFlags(flags)
                    : KubeadmConfigReader.readInit(config, flags, Warnings.to(spec));
            List<String> images = new Images(cfg.cluster()).all();
            if (global.json()) {
                spec.commandLine().getOut().println(KubeSerialization.SHARED.asJson(Map.of("images", images)));
            } else {
                images.forEach(spec.commandLine().getOut()::println);
            }
            spec.commandLine().getOut().flush();
        }
    }
}
