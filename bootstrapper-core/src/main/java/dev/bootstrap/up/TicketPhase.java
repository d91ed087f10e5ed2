package dev.bootstrap.up;

import dev.bootstrap.discovery.DiscoveryException;
import dev.bootstrap.discovery.TokenDiscovery;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.join.ClusterFacts;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.token.BootstrapToken;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The first control plane's last step: discovers the new cluster exactly as a joining node will
 * (cluster-info fetched anonymously, its JWS checked with the bootstrap token, the CA checked against
 * the pin read from the node's ca.crt), then hands the result to the other nodes' pipelines.
 */
final class TicketPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("join-ticket", "Discover the cluster as a joining node would, and hand it to the other nodes");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        InitContext init = node.init();
        BootstrapToken token = init.token();
        if (token == null) {
            throw new IllegalStateException("the bootstrap-token phase made no token; the other nodes cannot join");
        }
        String caPath = init.config().cluster().layout().caCert();
        String pin = init.caPins().stream().findFirst().orElseThrow(() -> new IllegalStateException(caPath
                + " is missing on " + node.host().name() + "; the certs phase makes it"));
        URI url = URI.create(init.config().controlPlaneUrl());
        String endpoint = url.getRawAuthority();
        TokenDiscovery.Result found;
        try {
            found = new TokenDiscovery(Duration.ofSeconds(1), node.run().options.waitTimeout(), m -> { })
                    .discover(endpoint, token, List.of(pin), false);
        } catch (DiscoveryException e) {
            if (e.reason() == DiscoveryException.Reason.PIN_MISMATCH) {
                // init keeps an existing cluster-info, as kubeadm does: it outlives a reset when etcd is external.
                throw new IllegalStateException("kube-public/cluster-info at " + endpoint + " carries another CA than "
                        + caPath + " on " + node.host().name() + ": it was left by an earlier cluster whose API data "
                        + "survived (an external etcd that reset does not wipe?). Delete that ConfigMap (kubectl -n "
                        + "kube-public delete configmap cluster-info) and run up again. " + e.getMessage(), e);
            }
            throw e;
        }
        ClusterFacts cluster = ClusterFacts.read(found, token.value());
        node.run().publish(new JoinTicket(cluster, init.options().uploadCerts() ? init.certificateKey() : null));
        // The next control plane may join now: this one's etcd and API server are up.
        node.run().finished(node.node().name());
        return Outcome.unchanged("cluster-info at " + endpoint + " verified with token " + token.id()
                + " and CA pin " + pin);
    }
}
