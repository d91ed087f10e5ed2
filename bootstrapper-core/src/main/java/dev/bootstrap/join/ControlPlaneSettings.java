package dev.bootstrap.join;

import java.time.Duration;
import java.util.Map;

/**
 * What a control-plane join adds to {@link JoinSettings} (the certificate key, known only once a cluster
 * uploaded its certificates, is the {@link JoinContext}'s).
 *
 * @param advertiseAddress this node's API server and etcd address; "" means the node's first IPv4 address
 * @param environment      the proxy variables the control-plane manifests pass on
 * @param etcdTimeout      how long the new etcd member may take to catch up and be promoted
 */
public record ControlPlaneSettings(String advertiseAddress, Map<String, String> environment, Duration etcdTimeout) {
}
