package dev.bootstrap.upgrade;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Whether kube-controller-manager and kube-scheduler have an active leader again (their Leases in kube-system held
 * and renewed within their lease duration): a control plane restarts both, and moving on to the next one before a
 * leader took over leaves the cluster without controllers or a scheduler for a while (k0sproject/k0s#3435).
 */
public final class LeaderElection {

    static final List<String> COMPONENTS = List.of("kube-controller-manager", "kube-scheduler");
    private static final Duration POLL = Duration.ofSeconds(1);

    private LeaderElection() {
    }

    /** Returns the holders once both have a fresh leader; throws naming what is missing after {@code timeout}. */
    public static List<String> await(KubernetesClient client, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<String> state = COMPONENTS.stream().map(c -> leader(client, c)).toList();
            if (state.stream().allMatch(s -> s.startsWith("led by "))) {
                return state.stream().map(s -> s.substring("led by ".length())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new UpgradeException("no active leader after " + timeout.toSeconds() + "s: "
                        + String.join("; ", state) + "; check the control planes' kube-controller-manager and "
                        + "kube-scheduler (kubectl -n kube-system get lease)");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private static String leader(KubernetesClient client, String component) {
        Lease lease;
        try {
            lease = client.leases().inNamespace("kube-system").withName(component).get();
        } catch (KubernetesClientException e) {
            return component + ": the API server did not answer (" + e.getMessage() + ")";
        }
        if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null
                || lease.getSpec().getHolderIdentity().isEmpty() || lease.getSpec().getRenewTime() == null) {
            return component + ": no Lease held in kube-system";
        }
        int seconds = lease.getSpec().getLeaseDurationSeconds() == null ? 15 : lease.getSpec().getLeaseDurationSeconds();
        Instant renewed = lease.getSpec().getRenewTime().toInstant();
        if (renewed.plusSeconds(seconds).isBefore(Instant.now())) {
            return component + ": the Lease of " + lease.getSpec().getHolderIdentity() + " expired at "
                    + renewed.plusSeconds(seconds);
        }
        return "led by " + component + "=" + lease.getSpec().getHolderIdentity();
    }
}
