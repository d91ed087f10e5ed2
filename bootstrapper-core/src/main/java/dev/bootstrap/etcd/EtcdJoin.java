package dev.bootstrap.etcd;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A stacked-etcd member joining an existing cluster the way kubeadm join does it: added as a learner
 * through an existing member's client API, started with the full --initial-cluster, then promoted
 * once it has caught up. Re-running finds the member by its peer URL instead of adding it twice.
 */
public final class EtcdJoin {

    /** @param initialCluster for the new member's --initial-cluster; {@code added} when this call added it */
    public record Learner(String initialCluster, boolean added) {
    }

    private EtcdJoin() {
    }

    /** Adds {@code name} at {@code peerUrl} as a learner, unless a member with that peer URL exists. */
    public static Learner addLearner(EtcdMemberClient existing, String name, String peerUrl) {
        boolean present = find(existing.list(), peerUrl).isPresent();
        if (!present) {
            existing.add(List.of(peerUrl), true);
        }
        return new Learner(EtcdMemberClient.initialCluster(existing.list(), name, peerUrl), !present);
    }

    /**
     * Promotes the member at {@code peerUrl} once etcd accepts it (it refuses while the learner is not
     * started or not in sync), retrying every {@code interval} until {@code timeout}. {@code client} must
     * reach a voting member: a learner refuses member list ("rpc not supported for learner").
     *
     * @return false when it was a voting member already
     */
    public static boolean promote(EtcdMemberClient client, String peerUrl, Duration timeout, Duration interval)
            throws InterruptedException {
        long until = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                EtcdMemberClient.Member member = find(client.list(), peerUrl).orElseThrow(() -> new EtcdException(
                        "etcd has no member with peer URL " + peerUrl + "; it was removed: run 'bootstrap reset' on "
                                + "the joining node and join again"));
                if (!member.learner()) {
                    return false;
                }
                client.promote(member.id());
                return true;
            } catch (EtcdException e) {
                if (System.nanoTime() > until || e.getMessage().startsWith("etcd has no member")) {
                    throw new EtcdException("the learner at " + peerUrl + " was not promoted within " + timeout
                            + " (is the local etcd running and reaching its peers?): " + e.getMessage(), e);
                }
                Thread.sleep(interval.toMillis());
            }
        }
    }

    private static Optional<EtcdMemberClient.Member> find(List<EtcdMemberClient.Member> members, String peerUrl) {
        return members.stream().filter(m -> m.peerUrls().contains(peerUrl)).findFirst();
    }
}
