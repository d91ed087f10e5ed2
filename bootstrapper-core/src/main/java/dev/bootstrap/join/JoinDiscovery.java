package dev.bootstrap.join;

import dev.bootstrap.config.JoinConfiguration;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.discovery.FileDiscovery;
import dev.bootstrap.discovery.TokenDiscovery;
import dev.bootstrap.token.BootstrapToken;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * How the orchestrator finds the cluster a node joins, and the token the node's kubelet bootstraps with. kubeadm
 * chooses in DiscoverValidatedKubeConfig (cmd/kubeadm/app/discovery/discovery.go): a kubeconfig file or https URL
 * when one is given, else token discovery against the API server endpoint.
 */
public sealed interface JoinDiscovery {

    /**
     * @param tlsBootstrapToken the token given for the TLS bootstrap; without one the file's token user is used
     *                          (kubeadm's For in cmd/kubeadm/app/discovery/discovery.go)
     */
    record FromFile(String pathOrUrl, Optional<String> tlsBootstrapToken) implements JoinDiscovery {

        @Override
        public ClusterFacts find(Consumer<String> progress) {
            FileDiscovery.Result found = FileDiscovery.read(pathOrUrl);
            String tls = tlsBootstrapToken.or(found::token).orElseThrow(() -> new JoinArgumentException(
                    "--discovery-file " + pathOrUrl + " has no token user: give --tls-bootstrap-token"));
            progress.accept("cluster " + found.cluster().server() + " from " + pathOrUrl);
            return ClusterFacts.read(found.cluster(), tls);
        }

        @Override
        public List<String> secrets() {
            return tlsBootstrapToken.stream().toList();
        }

        @Override
        public String toString() {
            return "FromFile[" + pathOrUrl + ", tlsBootstrapToken=" + (tlsBootstrapToken.isPresent() ? "<secret>" : "none")
                    + "]";
        }
    }

    /** @param timeout how long to wait for cluster-info's signature (timeouts.discovery) */
    record FromToken(String endpoint, BootstrapToken token, List<String> caCertHashes, boolean unsafeSkipCaVerification,
                     BootstrapToken tlsBootstrapToken, Duration timeout) implements JoinDiscovery {

        /** kubeadm looks for the signature every 5 s (docs/kubeadm-compat.md#join). */
        private static final Duration INTERVAL = Duration.ofSeconds(5);

        public FromToken {
            caCertHashes = List.copyOf(caCertHashes);
        }

        @Override
        public ClusterFacts find(Consumer<String> progress) throws InterruptedException {
            TokenDiscovery.Result found = new TokenDiscovery(INTERVAL, timeout, progress)
                    .discover(endpoint, token, caCertHashes, unsafeSkipCaVerification);
            return ClusterFacts.read(found, tlsBootstrapToken.value());
        }

        @Override
        public List<String> secrets() {
            return List.of(token.value(), tlsBootstrapToken.value());
        }
    }

    /** Discovers the cluster and reads what every joining node needs from it, once. */
    ClusterFacts find(Consumer<String> progress) throws InterruptedException;

    /** The tokens this discovery sends, to be masked in logs. */
    List<String> secrets();

    /**
     * From the flags, as kubeadm's newJoinData (cmd/kubeadm/app/cmd/join.go) fills the configuration: --token is the
     * discovery token and the TLS bootstrap token unless those are given; --discovery-file wins over ENDPOINT.
     */
    static JoinDiscovery of(JoinFlags flags) {
        String tls = firstNonNull(flags.tlsBootstrapToken(), flags.token());
        if (flags.discoveryFile() != null) {
            return new FromFile(flags.discoveryFile(), Optional.ofNullable(tls));
        }
        if (flags.endpoint() == null) {
            throw new JoinArgumentException("give the API server endpoint (host:port) to join, or --discovery-file");
        }
        String discoveryToken = firstNonNull(flags.discoveryToken(), flags.token());
        if (discoveryToken == null) {
            throw new JoinArgumentException("give --token (or --discovery-token) for discovery through "
                    + flags.endpoint());
        }
        for (String pin : flags.caCertHashes()) {
            // kubeadm takes the hex in any case (allowSHA256, cmd/kubeadm/app/util/pubkeypin/pubkeypin.go)
            if (!JoinConfiguration.isCaCertHash(pin.toLowerCase(Locale.ROOT))) {
                throw new JoinArgumentException("--discovery-token-ca-cert-hash: expected sha256:<64 hex digits>, got \""
                        + pin + "\"");
            }
        }
        if (flags.caCertHashes().isEmpty() && !flags.unsafeSkipCaVerification()) {
            throw new JoinArgumentException("give --discovery-token-ca-cert-hash sha256:<hash> (printed by "
                    + "'bootstrap init' and 'bootstrap certs ca-pin'), or --discovery-token-unsafe-skip-ca-verification");
        }
        BootstrapToken token = token(discoveryToken, "--discovery-token");
        return new FromToken(flags.endpoint(), token, flags.caCertHashes(), flags.unsafeSkipCaVerification(),
                tls == null ? token : token(tls, "--tls-bootstrap-token"),
                Timeouts.DEFAULT.discovery());
    }

    /** From a JoinConfiguration, whose reading already checked the discovery section. */
    static JoinDiscovery of(JoinConfiguration file) {
        JoinConfiguration.Discovery d = file.discovery();
        if (!d.kubeConfigPath().isEmpty()) {
            return new FromFile(d.kubeConfigPath(), Optional.of(d.tlsBootstrapToken()).filter(t -> !t.isEmpty()));
        }
        return new FromToken(d.apiServerEndpoint(), token(d.token(), "discovery.bootstrapToken.token"),
                d.caCertHashes(), d.unsafeSkipCAVerification(),
                token(d.tlsBootstrapToken(), "discovery.tlsBootstrapToken"), file.timeouts().discovery());
    }

    private static BootstrapToken token(String value, String where) {
        return JoinArgumentException.from(() -> BootstrapToken.parse(value, where));
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
