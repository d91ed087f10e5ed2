package dev.bootstrap.cluster;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.runtime.Registries;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A cluster file ({@code apiVersion: bootstrap.dev/v1alpha1}, {@code kind: Cluster}), validated. The
 * cluster-wide kubeadm settings (name, version, endpoint, networking, image repository, addons and the
 * embedded {@code kubeadm:} overrides) are merged into one {@link ClusterConfiguration}.
 *
 * @param kubeadm     what every node's kubeadm configuration shares
 * @param concurrency how many nodes are worked on at once
 * @param ssh         the cluster-wide SSH defaults (already applied to each node's {@link ClusterNode#ssh()})
 * @param nodes       in file order
 * @param upgrade     how up upgrades the running cluster to the file's version
 * @param prepare     what up does to each node before preflight
 * @param registries  each upstream registry's mirrors
 */
public record ClusterFile(String name, ClusterConfiguration kubeadm, ServiceManagerSpec serviceManager,
        int concurrency, Addons addons, SshSettings ssh, List<ClusterNode> nodes, UpgradeSpec upgrade,
        PrepareSpec prepare, Registries registries) {

    public static final String API_VERSION = "bootstrap.dev/v1alpha1";
    public static final String KIND = "Cluster";

    /** {@code spec.addons}: the kubeadm addons, both on by default as in kubeadm, and the pod network. */
    public record Addons(boolean coreDns, boolean kubeProxy, Cni cni) {
    }

    /** {@code spec.addons.cni.type}: the pod network up installs; "none" (the default) installs none. */
    public enum Cni {
        FLANNEL, CALICO, NONE;

        public String yamlName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ClusterFile {
        nodes = List.copyOf(nodes);
    }

    /** A complete example with the defaults, commented ({@code bootstrap config print cluster-defaults}). */
    public static String example() {
        try (InputStream in = ClusterFile.class.getResourceAsStream("cluster-defaults.yaml")) {
            // the version comment is kept in its column whatever the version's length
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("@DEFAULT_VERSION@          ", String.format("%-17s", VersionTable.DEFAULT_VERSION))
                    .replace("@SUPPORTED@", "v1." + VersionTable.OLDEST_MINOR + ".x to v1." + VersionTable.NEWEST_MINOR
                            + ".x");
        } catch (IOException e) {
            throw new UncheckedIOException("cluster-defaults.yaml is missing from the bootstrap jar", e);
        }
    }

    /** This file with prepare turned off ({@code up --no-prepare}). */
    public ClusterFile withoutPrepare() {
        return new ClusterFile(name, kubeadm, serviceManager, concurrency, addons, ssh, nodes, upgrade, PrepareSpec.OFF,
                registries);
    }

    public List<ClusterNode> controlPlanes() {
        return nodes.stream().filter(n -> n.role() == Role.CONTROL_PLANE).toList();
    }

    public List<ClusterNode> workers() {
        return nodes.stream().filter(n -> n.role() == Role.WORKER).toList();
    }

    /** The node that runs "init"; the file guarantees there is one. */
    public ClusterNode firstControlPlane() {
        return controlPlanes().get(0);
    }
}
