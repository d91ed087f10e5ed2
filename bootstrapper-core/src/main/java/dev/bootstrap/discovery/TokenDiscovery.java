package dev.bootstrap.discovery;

import dev.bootstrap.pki.CaPin;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.token.DetachedJws;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * kubeadm's token discovery (cmd/kubeadm/app/discovery/token/token.go, RetrieveValidatedConfigInfo): learn the
 * cluster's CA and API server from cluster-info without trusting anything yet, then trust it only when the JWS made
 * with the token verifies and the CA matches a pin; finally fetch again over TLS verified with that CA and require
 * the same content. The token secret never leaves this process.
 */
public final class TokenDiscovery {

    private final ClusterInfoFetcher fetcher = new ClusterInfoFetcher();
    private final Duration interval;
    private final Duration timeout;
    private final Consumer<String> progress;

    /**
     * @param interval how often to look again while the signature for the token is not there yet
     * @param timeout  how long to keep looking
     */
    public TokenDiscovery(Duration interval, Duration timeout, Consumer<String> progress) {
        this.interval = interval;
        this.timeout = timeout;
        this.progress = progress;
    }

    /** What discovery learned and verified. */
    public record Result(String server, byte[] caPem, String clusterInfoKubeconfig) {
    }

    /**
     * @param endpoint host:port of the API server given on the command line
     * @param pins     --discovery-token-ca-cert-hash values; empty only with unsafeSkipCaVerification
     */
    public Result discover(String endpoint, BootstrapToken token, List<String> pins, boolean unsafeSkipCaVerification)
            throws InterruptedException {
        if (pins.isEmpty() && !unsafeSkipCaVerification) {
            throw new IllegalArgumentException("--discovery-token-ca-cert-hash is required (or pass "
                    + "--discovery-token-unsafe-skip-ca-verification, which trusts whoever answers)");
        }
        String key = ClusterInfo.JWS_PREFIX + token.id();
        ConfigMap first = awaitSignature(endpoint, key, token);
        String kubeconfig = first.getData().get(ClusterInfo.KUBECONFIG_KEY);
        if (!DetachedJws.verify(kubeconfig, first.getData().get(key), token.id(), token.secret())) {
            throw new DiscoveryException(DiscoveryException.Reason.BAD_SIGNATURE, "failed to verify the JWS "
                    + "signature of cluster-info with token id \"" + token.id() + "\": the token secret is wrong, or "
                    + "someone between here and " + endpoint + " changed the answer");
        }
        byte[] caPem = ClusterInfo.caOf(kubeconfig);
        List<X509Certificate> cas = parseCas(caPem);
        if (unsafeSkipCaVerification) {
            progress.accept("cluster-info signature verified; CA not pinned (--discovery-token-unsafe-skip-ca-verification)");
            return new Result(ClusterInfo.serverOf(kubeconfig), caPem, kubeconfig);
        }
        boolean pinned = cas.stream().anyMatch(ca -> pins.stream().anyMatch(pin -> CaPin.matches(pin, ca)));
        if (!pinned) {
            throw new DiscoveryException(DiscoveryException.Reason.PIN_MISMATCH, "the cluster CA does not match "
                    + "--discovery-token-ca-cert-hash: expected " + String.join(" or ", pins) + ", the CA at "
                    + endpoint + " has " + cas.stream().map(CaPin::of).collect(Collectors.joining(" and "))
                    + "; check the hash printed by 'bootstrap init' or 'bootstrap certs ca-pin' on the control plane");
        }
        ConfigMap second = fetcher.fetchVerified(endpoint, cas);
        if (!kubeconfig.equals(second.getData() == null ? null : second.getData().get(ClusterInfo.KUBECONFIG_KEY))) {
            throw new DiscoveryException(DiscoveryException.Reason.CHANGED, "cluster-info from " + endpoint
                    + " changed between the unverified and the verified fetch; try again");
        }
        progress.accept("cluster-info signature and CA pin verified; API server " + ClusterInfo.serverOf(kubeconfig));
        return new Result(ClusterInfo.serverOf(kubeconfig), caPem, kubeconfig);
    }

    private ConfigMap awaitSignature(String endpoint, String key, BootstrapToken token) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ConfigMap cm = fetcher.fetchUnverified(endpoint);
            if (cm.getData() == null || cm.getData().get(ClusterInfo.KUBECONFIG_KEY) == null) {
                throw new DiscoveryException(DiscoveryException.Reason.INVALID,
                        "cluster-info at " + endpoint + " has no kubeconfig");
            }
            if (cm.getData().containsKey(key)) {
                return cm;
            }
            if (System.nanoTime() + interval.toNanos() > deadline) {
                throw new DiscoveryException(DiscoveryException.Reason.NO_SIGNATURE, "token id \"" + token.id()
                        + "\" is invalid for this cluster or it has expired: cluster-info at " + endpoint
                        + " has no signature " + key + "; create a new token with 'bootstrap token create' on the "
                        + "control plane");
            }
            progress.accept("no signature for token id \"" + token.id() + "\" in cluster-info yet; looking again in "
                    + interval.toSeconds() + "s");
            Thread.sleep(interval.toMillis());
        }
    }

    static List<X509Certificate> parseCas(byte[] pem) {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(c -> (X509Certificate) c).toList();
        } catch (CertificateException e) {
            throw new DiscoveryException(DiscoveryException.Reason.INVALID,
                    "the CA in cluster-info is not a PEM certificate: " + e.getMessage(), e);
        }
    }
}
