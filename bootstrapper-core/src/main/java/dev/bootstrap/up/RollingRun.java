package dev.bootstrap.up;

import dev.bootstrap.apiserver.ClientFactory;
import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.kubeconfig.NodeKubeconfig;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.pki.NodeLayout;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The hand-offs of one hop of a rolling upgrade ({@link UpSchedule}): each control plane waits for the one before
 * it, workers for every control plane and then for one of {@code spec.upgrade.maxUnavailable} slots. A failure
 * anywhere stops what has not started: the next control plane, the next batch of workers.
 */
final class RollingRun {

    final UpRun up;
    final KubernetesVersion hop;
    private final Map<String, CompletableFuture<Void>> controlPlanes = new LinkedHashMap<>();
    private final Semaphore slots;
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final Set<String> kubeletsBehind = new ConcurrentSkipListSet<>();
    private volatile String failure;
    private KubernetesClient admin;

    RollingRun(UpRun up, KubernetesVersion hop) {
        this.up = up;
        this.hop = hop;
        up.file.controlPlanes().forEach(n -> controlPlanes.put(n.name(), new CompletableFuture<>()));
        this.slots = new Semaphore(up.file.upgrade().batchSize(up.file.workers().size()));
    }

    /** A client with the first control plane's admin.conf, for what the upgrade asks of the cluster between nodes. */
    synchronized KubernetesClient admin() {
        if (admin == null) {
            ClusterNode first = up.first();
            String source = "[" + first.name() + "] " + NodeLayout.ADMIN_CONF;
            admin = ClientFactory.fromKubeconfig(NodeKubeconfig.read(up.hosts.resolve(first.name()),
                    NodeLayout.ADMIN_CONF).orElseThrow(() -> new IllegalStateException(source + " is missing")), source);
        }
        return admin;
    }

    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }

    void failed(PhaseResult result) {
        failure = result.host() + " failed at " + result.phase() + ": " + result.error();
        CompletableFuture<Void> done = controlPlanes.get(result.host());
        if (done != null) {
            done.completeExceptionally(new IllegalStateException(failure));
        }
        releaseSlot(result.host());
    }

    void controlPlaneDone(String node) {
        CompletableFuture<Void> done = controlPlanes.get(node);
        if (done != null) {
            done.complete(null);
        }
    }

    void awaitControlPlane(String node) throws InterruptedException {
        CompletableFuture<Void> done = controlPlanes.get(node);
        Duration limit = up.options.waitTimeout().multipliedBy(8).plusMinutes(10);
        try {
            done.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw stopped();
        } catch (TimeoutException e) {
            throw new IllegalStateException("gave up waiting for " + node + " to be upgraded after " + limit.toMinutes()
                    + " min");
        }
    }

    void awaitControlPlanes() throws InterruptedException {
        for (String node : controlPlanes.keySet()) {
            awaitControlPlane(node);
        }
    }

    /** Waits for a free slot; a failure meanwhile stops the worker before it changes anything. */
    void takeSlot(String node) throws InterruptedException {
        while (!slots.tryAcquire(1, TimeUnit.SECONDS)) {
            if (failure != null) {
                throw stopped();
            }
        }
        if (failure != null) {
            slots.release();
            throw stopped();
        }
        holding.add(node);
    }

    void releaseSlot(String node) {
        if (holding.remove(node)) {
            slots.release();
        }
    }

    private IllegalStateException stopped() {
        return new IllegalStateException("not upgraded: the rolling upgrade stopped (" + failure + ")");
    }

    void kubeletBehind(String node) {
        kubeletsBehind.add(node);
    }

    /** The nodes whose kubelet is left behind, sorted by name. */
    List<String> kubeletsBehind() {
        return List.copyOf(kubeletsBehind);
    }
}
