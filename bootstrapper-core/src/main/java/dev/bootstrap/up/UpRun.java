package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.prepare.Binaries;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.kubeconfig.KubeconfigSpec;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.state.ClusterLock;
import dev.bootstrap.state.Journal;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the node pipelines of one {@code up} share: the file, the hosts, the journal, the lock once
 * taken, and the hand-offs between pipelines ({@link UpSchedule} says who gives and who waits). Pipelines
 * never wait on a barrier: a worker waits only for the first control plane's facts (its preflight judges
 * clock skew against them) and join ticket, an extra control plane also for the control plane before it
 * (etcd takes one new member at a time). A failed pipeline fails what waits on it at once ({@link #failed}).
 */
final class UpRun {

    private static final Duration HEAD_START = Duration.ofSeconds(10);

    final ClusterFile file;
    final HostResolver hosts;
    final UpOptions options;
    final ServiceManager services;
    final Journal journal;
    /** spec.prepare.binaries, verified before any node is touched. */
    final Optional<Binaries> binaries;
    private volatile KeyPool keysAhead = KeyPool.NONE;
    private final CompletableFuture<JoinTicket> ticket = new CompletableFuture<>();
    private final CompletableFuture<Optional<NodeFacts>> firstFacts = new CompletableFuture<>();
    private final CompletableFuture<Void> headStart = new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> finished = new LinkedHashMap<>();
    private volatile ClusterLock.Lease lease;
    private volatile UpNode firstNode;

    UpRun(ClusterFile file, HostResolver hosts, UpOptions options, Journal journal) {
        this.file = file;
        this.hosts = hosts;
        this.options = options;
        this.services = file.serviceManager().create();
        this.journal = journal;
        this.binaries = file.prepare().enabled() ? file.prepare().binaries().map(Binaries::verify) : Optional.empty();
        file.nodes().forEach(n -> finished.put(n.name(), new CompletableFuture<>()));
    }

    ClusterNode first() {
        return file.firstControlPlane();
    }

    /** A node's pipeline stopped at a failed phase: what others wait for from it fails with the reason. */
    void failed(PhaseResult failure) {
        UpstreamFailure reason = new UpstreamFailure(failure.host(), failure.phase(), failure.error());
        if (failure.host().equals(first().name())) {
            headStart.complete(null);
            ticket.completeExceptionally(reason);
            firstFacts.complete(Optional.empty());
        }
        CompletableFuture<Void> done = finished.get(failure.host());
        if (done != null) {
            done.completeExceptionally(reason);
        }
    }

    /** The first control plane has connected: the others may connect now. */
    void giveHeadStart() {
        headStart.complete(null);
    }

    /** The first control plane's facts, gathered by its preflight: the others' clocks are judged against its. */
    void publishFirstFacts(NodeFacts facts) {
        firstFacts.complete(Optional.of(facts));
    }

    /** The first control plane's facts; empty when it failed before its preflight gathered them. */
    Optional<NodeFacts> awaitFirstFacts() throws InterruptedException {
        return await(firstFacts, "the first control plane " + first().name() + " to gather its facts");
    }

    void publish(JoinTicket value) {
        ticket.complete(value);
    }

    void finished(String node) {
        finished.get(node).complete(null);
    }

    /**
     * The other nodes connect once the first control plane has (or has failed to): its connection, lock,
     * preflight and key generation (started by its connect) are the start of the critical path, and the
     * others' handshakes would only take CPU from them (they have until the join ticket). On the 2-core
     * lab of 20 nodes this took ~0.4 s off the run (docs/benchmarks.md). Bounded: 10 s at most.
     */
    void awaitHeadStart() throws InterruptedException {
        try {
            headStart.get(HEAD_START.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // go on anyway: the first control plane's pipeline reports its own trouble
        }
    }

    JoinTicket awaitTicket() throws InterruptedException {
        return await(ticket, "the first control plane " + first().name() + " to be up");
    }

    void awaitFinished(String node) throws InterruptedException {
        await(finished.get(node), node + " to finish joining");
    }

    void firstNode(UpNode node) {
        firstNode = node;
    }

    /** The API client of the first control plane (made by its init phases). */
    KubernetesClient admin() {
        return firstNode.init().admin();
    }

    /**
     * Starts making the keys of a new cluster's PKI, so that they are made while the first control plane
     * takes the lock and runs preflight (and the other nodes connect) rather than after.
     */
    void prefetchKeys() {
        keysAhead = KeyPool.prefetch(KeyAlgorithm.parse(file.kubeadm().encryptionAlgorithmType()),
                KubeadmCertificates.ALL.size() + KubeconfigSpec.forInit(NodeConfigs.firstControlPlane(file,
                        file.controlPlanes().get(0), options.waitTimeout())).size(), Runtime.getRuntime().availableProcessors());
    }

    KeyPool keysAhead() {
        return keysAhead;
    }

    void lease(ClusterLock.Lease value) {
        lease = value;
    }

    boolean holdsLock() {
        return lease != null;
    }

    /** Keeps the cluster lock fresh, once the run holds it. */
    void refreshLock() {
        ClusterLock.Lease held = lease;
        if (held != null) {
            held.refresh();
        }
    }

    /** Releases the cluster lock if the run took it; a second release is harmless (the run's end, an interrupt). */
    void releaseLock() {
        ClusterLock.Lease held = lease;
        if (held != null) {
            held.release();
        }
    }

    private <T> T await(CompletableFuture<T> future, String what) throws InterruptedException {
        // Bounded so that a bug can never hang a run: every wait upstream has its own, shorter timeout.
        Duration limit = options.waitTimeout().multipliedBy(4).plusMinutes(10);
        try {
            return future.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UpstreamFailure f ? f : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("gave up waiting for " + what + " after " + limit.toMinutes() + " min");
        }
    }

    /** A pipeline this one depends on failed. */
    static final class UpstreamFailure extends RuntimeException {
        UpstreamFailure(String host, String phase, String error) {
            super(host + " failed at " + phase + ", so this node was not joined: " + error);
        }
    }
}
