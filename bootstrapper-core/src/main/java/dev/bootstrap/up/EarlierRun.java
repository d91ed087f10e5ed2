package dev.bootstrap.up;

import dev.bootstrap.host.Host;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.NodeFacts;

/**
 * What an earlier run left on a node, judged the same way by {@code up} (whose preflight then skips the checks
 * meant for fresh machines) and by {@code plan} (which then lists what would still change).
 */
final class EarlierRun {

    private EarlierRun() {
    }

    /** The first control plane was initialized: admin.conf and the cluster's CA certificate exist. */
    static boolean initialized(Host host, NodeLayout layout) {
        return host.stat(NodeLayout.ADMIN_CONF).isPresent() && host.stat(layout.caCert()).isPresent();
    }

    /** The node joined a cluster: kubelet.conf exists (the join then checks that it is this cluster's). */
    static boolean joined(Host host) {
        return host.stat(NodeLayout.KUBELET_CONF).isPresent();
    }

    /** {@link #joined(Host)}, judged from facts gathered anyway (they list kubelet.conf when it exists). */
    static boolean joined(NodeFacts facts) {
        return facts.existingFiles().contains(NodeLayout.KUBELET_CONF);
    }
}
