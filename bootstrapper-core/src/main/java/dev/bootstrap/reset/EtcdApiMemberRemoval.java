package dev.bootstrap.reset;

import dev.bootstrap.etcd.NodeEtcd;
import dev.bootstrap.etcd.EtcdException;
import dev.bootstrap.etcd.EtcdMemberClient;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Removes a control plane's etcd member through the etcd API, as kubeadm reset does before deleting
 * the member's data: through the etcd of another control plane when one answers (the peers, in
 * order), else through the node's own etcd. The client is {@link EtcdMemberClient} with the
 * answering node's healthcheck-client certificate, read over its Host; etcd is reached through the
 * node's client URL from its etcd manifest, tunnelled over the node's connection. A member already
 * gone, or the last member of the cluster, is left as it is: running reset again changes nothing.
 */
public final class EtcdApiMemberRemoval implements EtcdMemberRemoval {

    private static final Duration UNHEALTHY_PATIENCE = Duration.ofSeconds(60);
    private static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final List<String> peers;
    private final HostResolver hosts;

    /**
     * @param peers names the resolver knows of the other control planes to go through, in order
     *              (empty: only through the node's own etcd)
     */
    public EtcdApiMemberRemoval(List<String> peers, HostResolver hosts) {
        this.peers = List.copyOf(peers);
        this.hosts = hosts;
    }

    @Override
    public List<String> removeMember(Host node, boolean dryRun) {
        Optional<String> peerUrl;
        try {
            peerUrl = NodeEtcd.manifestFlag(node, "--initial-advertise-peer-urls").map(urls -> urls.split(",")[0]);
        } catch (RuntimeException e) {
            peerUrl = Optional.empty();
        }
        Optional<String> mine = peerUrl;
        List<String> failures = new ArrayList<>();
        for (String via : order(node)) {
            EtcdMemberClient client;
            try {
                Host peer = via.equals(node.name()) ? node : hosts.resolve(via);
                client = NodeEtcd.client(peer);
            } catch (RuntimeException e) {
                failures.add(failure(via, e));
                continue;
            }
            try {
                return remove(client, node.name(), mine, via, dryRun);
            } catch (RuntimeException e) {
                failures.add(failure(via, e));
            }
        }
        return List.of("warning: this node's etcd member was NOT removed from the etcd cluster: no etcd answered ("
                + String.join("; ", failures) + "). If other control planes remain, run 'etcdctl member remove <ID>' "
                + "on one of them");
    }

    /** A host's own errors already start with "[host]". */
    private static String failure(String via, RuntimeException e) {
        return e instanceof HostException ? e.getMessage() : via + ": " + e.getMessage();
    }

    private List<String> order(Host node) {
        List<String> order = new ArrayList<>(peers);
        order.remove(node.name());
        order.add(node.name());
        return order;
    }

    private static List<String> remove(EtcdMemberClient client, String node, Optional<String> peerUrl, String via,
                                       boolean dryRun) {
        List<EtcdMemberClient.Member> members = client.list();
        // Found by its peer URL from the node's manifest; kubeadm names members after the node as a fallback.
        Optional<EtcdMemberClient.Member> mine = members.stream().filter(m -> peerUrl
                .map(u -> m.peerUrls().contains(u)).orElse(m.name().equals(node))).findFirst();
        if (mine.isEmpty()) {
            return List.of("The etcd member of " + node + " is not in the etcd cluster (already removed; asked " + via
                    + ")");
        }
        EtcdMemberClient.Member m = mine.get();
        String who = "etcd member " + (m.name().isEmpty() ? "(not started)" : m.name()) + " (ID " + m.id() + ")";
        if (members.size() == 1) {
            return List.of("The " + who + " is the last member of its etcd cluster: nothing to remove it from");
        }
        if (dryRun) {
            return List.of("[dryrun] Would remove the " + who + " from the etcd cluster through " + via);
        }
        removePatiently(client, m.id());
        return List.of("Removed the " + who + " from the etcd cluster through " + via);
    }

    /**
     * etcd refuses a removal with "unhealthy cluster" until the remaining members have been connected
     * long enough (its strict reconfiguration check), e.g. just after a member restarted: kubeadm
     * retries with backoff, so does this, for a while.
     */
    private static void removePatiently(EtcdMemberClient client, String id) {
        long deadline = System.nanoTime() + UNHEALTHY_PATIENCE.toNanos();
        while (true) {
            try {
                client.remove(id);
                return;
            } catch (EtcdException e) {
                if (!e.getMessage().contains("unhealthy cluster") || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(RETRY_INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new EtcdException("interrupted while waiting to remove etcd member " + id, e);
            }
        }
    }
}
