package dev.bootstrap.host.ssh;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The SSH connections of one run: asking twice for the same node returns the same {@link SshHost},
 * so each node has one connection (commands are channels on it). Closing closes them all.
 */
public final class SshHosts implements AutoCloseable {

    private final Function<String, SshHost> connect;
    private final Map<String, SshHost> hosts = new LinkedHashMap<>();

    public SshHosts(SshConnector connector) {
        this(connector::connect);
    }

    /** @param connect opens the connection for a target (e.g. with that node's own settings) */
    public SshHosts(Function<String, SshHost> connect) {
        this.connect = connect;
    }

    /** The connection to a target, opened on first use. Safe to call from parallel node tasks. */
    public SshHost host(String target) {
        synchronized (hosts) {
            SshHost open = hosts.get(target);
            if (open != null) {
                return open;
            }
        }
        // Connect outside the lock: other nodes connect in parallel.
        SshHost fresh = connect.apply(target);
        synchronized (hosts) {
            SshHost raced = hosts.putIfAbsent(target, fresh);
            if (raced != null) {
                fresh.close();
                return raced;
            }
            return fresh;
        }
    }

    /**
     * A new connection to a target in place of the one it had (closed, if still open): the old one was lost.
     * Later {@link #host} calls return the new one.
     */
    public SshHost reconnect(String target) {
        SshHost old;
        synchronized (hosts) {
            old = hosts.remove(target);
        }
        if (old != null) {
            try {
                old.close();
            } catch (RuntimeException alreadyGone) {
                // it is the connection that was lost
            }
        }
        return host(target);
    }

    @Override
    public void close() {
        List<SshHost> all;
        synchronized (hosts) {
            all = new ArrayList<>(hosts.values());
            hosts.clear();
        }
        all.forEach(SshHost::close);
    }
}
