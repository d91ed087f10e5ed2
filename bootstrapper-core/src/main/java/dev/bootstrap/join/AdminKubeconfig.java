package dev.bootstrap.join;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;

/**
 * The admin.conf control-plane-prepare wrote on the joining node: the identity the later phases of a
 * control-plane join act with (kubeadm join's Client()), as the bootstrap token may not list Pods
 * or label Nodes.
 */
final class AdminKubeconfig {

    private AdminKubeconfig() {
    }

    /** "[node2] /etc/kubernetes/admin.conf", for messages. */
    static String source(JoinContext context) {
        return "[" + context.files().name() + "] " + NodeLayout.ADMIN_CONF;
    }

    /** A client for the cluster admin.conf names (its server is the controlPlaneEndpoint); the caller closes it. */
    static KubernetesClient client(JoinContext context) {
        String source = source(context);
        byte[] content = context.files().readFile(NodeLayout.ADMIN_CONF).orElseThrow(() -> new JoinException(source
                + " is missing; run the control-plane-prepare phase first"));
        return ClientFactory.fromKubeconfig(new String(content, StandardCharsets.UTF_8), source);
    }
}
