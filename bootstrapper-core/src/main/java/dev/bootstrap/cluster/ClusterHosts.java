package dev.bootstrap.cluster;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.ReconnectingHost;
import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.host.ssh.SshConnector;
import dev.bootstrap.host.ssh.SshHosts;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * The nodes of a cluster file as hosts, by node name: each reached over SSH with its own effective
 * settings, one connection per node for the whole run. Owns the connections; close it, not the hosts.
 */
public final class ClusterHosts implements HostResolver, AutoCloseable {

    private final Map<String, ClusterNode> nodes = new ConcurrentHashMap<>();
    private final UnaryOperator<Host> wrap;
    private final SshHosts ssh;
    private final Map<String, Host> wrapped = new ConcurrentHashMap<>();
    private final Map<String, ReconnectingHost> connections = new ConcurrentHashMap<>();

    /** @param wrap applied to every connected host once (the debug log), or identity */
    public ClusterHosts(List<ClusterNode> nodes, SecretSource secrets, UnaryOperator<Host> wrap) {
        nodes.forEach(n -> this.nodes.put(n.name(), n));
        this.wrap = wrap;
        this.ssh = new SshHosts(name -> {
            ClusterNode node = this.nodes.get(name);
            return new SshConnector(node.ssh().toConnectOptions(), secrets).connect(node.target().toString(), name);
        });
    }

    /** Makes a node that is not in the file reachable by its name too (a node being pruned). */
    public void add(ClusterNode node) {
        nodes.putIfAbsent(node.name(), node);
    }

    /** The node's host, connected on first use (nodes connect in parallel). */
    @Override
    public Host resolve(String nodeName) {
        if (!nodes.containsKey(nodeName)) {
            throw new HostException(nodeName, "is not a node of the cluster file");
        }
        Host connected = ssh.host(nodeName);
        return wrapped.computeIfAbsent(nodeName, n -> wrap.apply(connections.computeIfAbsent(n,
                name -> new ReconnectingHost(connected, () -> ssh.reconnect(name)))));
    }

    /** A new SSH connection for a node whose connection was lost, under the host every caller holds. */
    @Override
    public boolean reconnect(String nodeName) {
        ReconnectingHost host = connections.get(nodeName);
        if (host == null) {
            return false;
        }
        host.reconnect();
        return true;
    }

    @Override
    public void close() {
        wrapped.clear();
        connections.clear();
        ssh.close();
    }
}
