package dev.bootstrap.up;

import dev.bootstrap.join.ClusterFacts;
import dev.bootstrap.uploadcerts.CertificateKey;

/**
 * What the first control plane hands the other nodes once it is up: the cluster as discovery saw it
 * (verified against the CA pin with the bootstrap token, exactly as a joining node checks it), and
 * the key of the uploaded control-plane certificates (null with a single control plane).
 */
record JoinTicket(ClusterFacts cluster, CertificateKey certificateKey) {

    @Override
    public String toString() {
        return "JoinTicket[server=" + cluster.server() + ", certificateKey=" + (certificateKey == null ? "none" : "<secret>")
                + "]";
    }
}
