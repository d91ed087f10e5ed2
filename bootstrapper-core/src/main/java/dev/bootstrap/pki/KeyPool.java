package dev.bootstrap.pki;

import java.security.KeyPair;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keys made ahead of need, in the background: {@code up} starts the first control plane's keys while
 * it connects and runs preflight, so key generation (the PKI's hot path) overlaps that work instead of
 * following it. A key is handed out once; keys never taken are dropped with the pool, never written.
 */
public final class KeyPool implements AutoCloseable {

    /** No keys ahead: every key is made when needed. */
    public static final KeyPool NONE = new KeyPool(null, null);

    private final KeyAlgorithm algorithm;
    private final ExecutorService pool;
    private final Deque<CompletableFuture<KeyPair>> keys = new ArrayDeque<>();

    private KeyPool(KeyAlgorithm algorithm, ExecutorService pool) {
        this.algorithm = algorithm;
        this.pool = pool;
    }

    /** Starts making {@code count} keys of {@code algorithm}, {@code parallelism} at a time. */
    public static KeyPool prefetch(KeyAlgorithm algorithm, int count, int parallelism) {
        KeyPool p = new KeyPool(algorithm, Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "pki-keygen-ahead");
            t.setDaemon(true);
            return t;
        }));
        for (int i = 0; i < count; i++) {
            p.keys.add(CompletableFuture.supplyAsync(algorithm::generate, p.pool));
        }
        return p;
    }

    /** A key made (or being made) ahead, when one of {@code wanted} is left (certificates first, then kubeconfigs). */
    public synchronized Optional<CompletableFuture<KeyPair>> take(KeyAlgorithm wanted) {
        return wanted == algorithm ? Optional.ofNullable(keys.poll()) : Optional.empty();
    }

    /** Stops making the keys nobody took. */
    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.shutdownNow();
            keys.clear();
        }
    }
}
