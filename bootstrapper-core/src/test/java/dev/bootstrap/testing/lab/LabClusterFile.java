package dev.bootstrap.testing.lab;

import dev.bootstrap.config.VersionTable;

/**
 * A cluster file for the lab: node1 the control plane, node2.. workers, reached as root with the lab's
 * key and known_hosts, the kubelet played by the {@link KubeletStandIn} (its API server part forwarding
 * to the API stand-in at {@code upstream}), on bootstrap's default Kubernetes version. Nodes are taken as they are
 * (prepare off): a lab node shares the machine's kernel, whose swap and modules are not the node's to change.
 */
public final class LabClusterFile {

    private LabClusterFile() {
    }

    /** The file's text, with the first {@code nodes} lab nodes. */
    public static String yaml(Lab lab, String name, String upstream, int nodes, int concurrency) {
        return yaml(lab, name, upstream, nodes, concurrency, 1);
    }

    /**
     * With the first {@code controlPlanes} nodes as control planes; with more than one, node1's API server
     * address is the controlPlaneEndpoint (the lab has no load balancer).
     */
    public static String yaml(Lab lab, String name, String upstream, int nodes, int concurrency, int controlPlanes) {
        StringBuilder list = new StringBuilder();
        for (int i = 1; i <= nodes; i++) {
            list.append("    - name: node").append(i).append("\n      address: ").append(lab.node(i).address())
                    .append("\n      role: ").append(i <= controlPlanes ? "control-plane" : "worker").append('\n');
        }
        String endpoint = controlPlanes > 1 ? "  controlPlaneEndpoint: " + lab.node(1).address() + ":6443\n" : "";
        String standin = KubeletStandIn.PATH;
        return """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: %s
                spec:
                  kubernetesVersion: %s
                %s  concurrency: %d
                  prepare:
                    enabled: false
                  serviceManager:
                    type: commands
                    start: API_UPSTREAM=%s %s start
                    stop: %s stop
                    status: %s status
                  ssh:
                    user: root
                    keyFile: %s
                    knownHostsFile: %s
                  nodes:
                %s""".formatted(name, VersionTable.DEFAULT_VERSION, endpoint, concurrency, upstream, standin, standin,
                standin, lab.rootKey(), lab.knownHosts(), list);
    }
}
