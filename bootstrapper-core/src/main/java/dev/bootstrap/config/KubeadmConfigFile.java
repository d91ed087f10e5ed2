package dev.bootstrap.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kubeadm documents of one file, read and defaulted: the init configuration (InitConfiguration
 * with ClusterConfiguration; either one alone gives both) and/or a JoinConfiguration.
 */
public record KubeadmConfigFile(KubeadmConfig initConfig, JoinConfiguration joinConfig) {

    public Optional<KubeadmConfig> init() {
        return Optional.ofNullable(initConfig);
    }

    public Optional<JoinConfiguration> join() {
        return Optional.ofNullable(joinConfig);
    }

    /**
     * The documents as v1beta4 YAML in kubeadm's order (Init, Cluster, Join), joined by "---\n" as
     * kubeadm's {@code config migrate} joins them (cmd/kubeadm/app/util/config/common.go MigrateOldConfig).
     */
    public String toYaml() {
        List<String> docs = new ArrayList<>();
        init().ifPresent(c -> docs.add(c.toYaml()));
        join().ifPresent(j -> docs.add(j.toYaml()));
        return String.join("---\n", docs);
    }

    /**
     * Writes {@link #toYaml()} to {@code file} atomically: a temporary file in the same directory,
     * renamed over the target, so a reader never sees half a file. The file may hold bootstrap
     * tokens: it is created readable by its owner only.
     */
    public void write(Path file) {
        Path target = file.toAbsolutePath();
        Path tmp = null;
        try {
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".tmp");
            Files.writeString(tmp, toYaml(), StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new ConfigException("failed to write the new configuration to the file " + file + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the write's error is the one to report
                }
            }
        }
    }
}
