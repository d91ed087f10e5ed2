package dev.bootstrap.join;

import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.preflight.IgnoredErrors;
import java.time.Duration;

/**
 * How every node joins (flags or JoinConfiguration).
 *
 * @param registration        nodeRegistration; an empty name means each node's own host name
 * @param caCertPath          where the cluster CA is written (caCertPath)
 * @param tlsBootstrapTimeout how long to wait for the kubelet's TLS bootstrap (timeouts.tlsBootstrap)
 * @param pollInterval        how often to look for kubelet.conf while waiting (on the node; kubeadm looks every 1 s)
 * @param ignore              --ignore-preflight-errors
 * @param dryRun              write nothing on the nodes and start nothing; report what would be done
 */
public record JoinSettings(NodeRegistration registration, String caCertPath, Duration tlsBootstrapTimeout,
                           Duration pollInterval, IgnoredErrors ignore, boolean dryRun) {

    /** Looking costs no round trip (the loop runs on the node), so it can be more often than kubeadm's. */
    public static final Duration POLL_INTERVAL = Duration.ofMillis(200);
}
