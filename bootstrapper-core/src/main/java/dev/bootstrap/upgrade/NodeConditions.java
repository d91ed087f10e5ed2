package dev.bootstrap.upgrade;

import io.fabric8.kubernetes.api.model.Node;

/** What a Node's status says about it. */
public final class NodeConditions {

    private NodeConditions() {
    }

    /** The kubelet reports the node Ready. */
    public static boolean ready(Node n) {
        return n.getStatus() != null && n.getStatus().getConditions() != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
