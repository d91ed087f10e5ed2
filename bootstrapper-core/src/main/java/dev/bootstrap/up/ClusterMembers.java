package dev.bootstrap.up;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.apiserver.MarkControlPlane;
import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.cluster.Role;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster's nodes (its Node objects, read with the first control plane's admin.conf) that the file
 * no longer lists: what {@code plan} reports and {@code up --prune} removes. Such a node is reached at
 * its InternalIP (else its name) with the file's cluster-wide SSH settings.
 */
public final class ClusterMembers {


    private ClusterMembers() {
    }

    /** Empty when the first control plane has no admin.conf yet (no cluster, so nothing left the file). */
    public static List<ClusterNode> notInFile(ClusterFile file, HostResolver hosts) {
        Host first = hosts.resolve(file.firstControlPlane().name());
        Optional<byte[]> conf = first.readFile(NodeLayout.ADMIN_CONF);
        if (conf.isEmpty()) {
            return List.of();
        }
        Set<String> listed = Set.copyOf(file.nodes().stream().map(ClusterNode::name).toList());
        try (KubernetesClient client = ClientFactory.fromKubeconfig(new String(conf.get(), StandardCharsets.UTF_8),
                "[" + first.name() + "] " + NodeLayout.ADMIN_CONF)) {
            return client.nodes().list().getItems().stream().filter(n -> !listed.contains(n.getMetadata().getName()))
                    .map(n -> asClusterNode(file, n)).sorted(java.util.Comparator.comparing(ClusterNode::name)).toList();
        }
    }

    private static ClusterNode asClusterNode(ClusterFile file, Node node) {
        String name = node.getMetadata().getName();
        List<NodeAddress> addresses = node.getStatus() == null || node.getStatus().getAddresses() == null ? List.of()
                : node.getStatus().getAddresses();
        String address = addresses.stream().filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress)
                .findFirst().orElse(name);
        boolean controlPlane = node.getMetadata().getLabels() != null
                && node.getMetadata().getLabels().containsKey(MarkControlPlane.CONTROL_PLANE_LABEL);
        return new ClusterNode(name, address, controlPlane ? Role.CONTROL_PLANE : Role.WORKER, file.ssh());
    }
}
