package dev.bootstrap.host.ssh;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local end of a forwarded port. Closing it also closes the connections it accepted: sshj's pump
 * thread of each one blocks in a socket read until its socket closes, and a thread left blocked in native
 * code makes the JVM wait 300 ms before it can exit.
 */
final class ForwardListener extends ServerSocket {

    private final Set<Socket> accepted = ConcurrentHashMap.newKeySet();

    /** Bound to a free loopback port. */
    ForwardListener() throws IOException {
        setReuseAddress(true);
        bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Override
    public Socket accept() throws IOException {
        Socket s = super.accept();
        accepted.removeIf(Socket::isClosed);
        accepted.add(s);
        if (isClosed()) {
            s.close(); // accepted while close() ran
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        super.close();
        for (Socket s : accepted) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        accepted.clear();
    }
}
