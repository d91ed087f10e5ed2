package dev.bootstrap.apiserver;

import dev.bootstrap.http.HttpCall;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Polls health endpoints (kubelet /healthz, API server /livez, ...) until each answers 200, with
 * exponential backoff between rounds and an overall deadline. Gives up with a
 * {@link ControlPlaneTimeoutException} that carries what each endpoint last said.
 */
public final class HealthWaiter {

    private static final Duration FIRST_DELAY = Duration.ofMillis(250);
    private static final Duration MAX_DELAY = Duration.ofSeconds(4);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final SSLContext tls;
    private final Sleeper sleeper;

    /** Waits between polls; a seam so tests can count the waits instead of spending them. */
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /**
     * @param tls how to trust HTTPS endpoints (kubeadm polls component endpoints without
     *            verification; the caller decides), or null for plain HTTP only
     */
    public HealthWaiter(SSLContext tls) {
        this(tls, d -> Thread.sleep(d.toMillis()));
    }

    HealthWaiter(SSLContext tls, Sleeper sleeper) {
        this.tls = tls;
        this.sleeper = sleeper;
    }

    /** One endpoint to wait for: a name for messages ("kube-apiserver") and its URL. */
    public record Endpoint(String name, URI url) {
    }

    /**
     * Returns when every endpoint has answered 200 once, or throws when {@code timeout} passes.
     *
     * @param host      the node, for the diagnostics
     * @param criSocket the node's container runtime endpoint, for the crictl command in the diagnostics
     * @param progress  told each time an endpoint becomes healthy
     */
    public void await(String host, String criSocket, List<Endpoint> endpoints, Duration timeout,
                      Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Endpoint, String> pending = new LinkedHashMap<>();
        endpoints.forEach(e -> pending.put(e, "not polled yet"));
        Duration delay = FIRST_DELAY;
        while (true) {
            for (Endpoint e : new ArrayList<>(pending.keySet())) {
                String state = poll(e, Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000L)));
                if (state == null) {
                    pending.remove(e);
                    progress.accept(e.name() + " is healthy after "
                            + Duration.ofNanos(System.nanoTime() - (deadline - timeout.toNanos())).toMillis() + " ms");
                } else {
                    pending.put(e, state);
                }
            }
            if (pending.isEmpty()) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new ControlPlaneTimeoutException(host, criSocket, timeout, pending);
            }
            sleeper.sleep(Duration.ofNanos(Math.min(delay.toNanos(), left)));
            delay = delay.multipliedBy(2).compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay.multipliedBy(2);
        }
    }

    /** null when healthy, else what went wrong this time. */
    private String poll(Endpoint e, Duration budget) {
        // At least a second per poll, so the last poll before the deadline can still see the real state.
        Duration requestTimeout = budget.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : budget.compareTo(Duration.ofSeconds(5)) < 0 ? budget : Duration.ofSeconds(5);
        // The read timeout also bounds a TLS handshake that never completes, so a poll ends on its own.
        try {
            HttpCall.Response r = new HttpCall(tls, CONNECT_TIMEOUT, requestTimeout).get(e.url(), Map.of());
            if (r.status() == 200) {
                return null;
            }
            String body = r.body().strip();
            return "HTTP " + r.status() + (body.isEmpty() ? "" : ": " + abbreviate(body));
        } catch (HttpCall.NotConnected ex) {
            return describe(ex.getCause());
        } catch (SocketTimeoutException ex) {
            return "no answer within " + requestTimeout.toSeconds() + "s";
        } catch (IOException ex) {
            return describe(ex);
        }
    }

    private static String describe(Throwable t) {
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String abbreviate(String s) {
        String one = s.replace('\n', ' ');
        return one.length() > 160 ? one.substring(0, 160) + "..." : one;
    }
}
