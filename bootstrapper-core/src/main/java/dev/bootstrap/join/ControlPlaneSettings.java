package dev.bootstrap.join;

import dev.bootstrap.uploadcerts.CertificateKey;
import java.time.Duration;
import java.util.Map;

/**
 * What a control-plane join adds to {@link JoinSettings}.
 *
 * @param certificateKey   decrypts Secret kube-system/kubeadm-certs (a secret: never printed)
 * @param advertiseAddress this node's API server and etcd address; "" means the node's first IPv4 address
 * @param environment      the proxy variables the control-plane manifests pass on
 * @param etcdTimeout      how long the new etcd member may take to catch up and be promoted
 */
public record ControlPlaneSettings(CertificateKey certificateKey, String advertiseAddress,
                                   Map<String, String> environment, Duration etcdTimeout) {

    @Override
    public String toString() {
        return "ControlPlaneSettings[key=<secret>, advertiseAddress=" + advertiseAddress + "]";
    }
}
