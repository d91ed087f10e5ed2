package dev.bootstrap.host;

import java.util.function.Supplier;

/**
 * A node's host whose connection can be replaced under the callers that hold it (init's and join's contexts):
 * after {@link #reconnect()} every call goes to a new connection. Who decides to reconnect (a step that lost
 * its connection) also decides to run again what was cut short.
 */
public final class ReconnectingHost extends ForwardingHost {

    private final Supplier<Host> connect;
    private volatile Host current;

    /** @param connect opens a new connection to the same node */
    public ReconnectingHost(Host connected, Supplier<Host> connect) {
        super(connected);
        this.current = connected;
        this.connect = connect;
    }

    @Override
    protected Host delegate() {
        return current;
    }

    /** Drops the current connection and opens a new one; a failure to connect is a {@link HostException}. */
    public synchronized void reconnect() {
        try {
            current.close();
        } catch (RuntimeException alreadyGone) {
            // the connection being replaced is the one that failed
        }
        current = connect.get();
    }
}
