package dev.bootstrap.cluster;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.host.ssh.SshConnector;
import dev.bootstrap.host.ssh.SshHost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The nodes of a cluster file as hosts, by node name: each reached over SSH with its own effective
 * settings, one connection per node for the whole run. Owns the connections; close it, not the hosts.
 */
public final class ClusterHosts implements HostResolver, AutoCloseable {

    private final Map<String, ClusterNode> nodes = new LinkedHashMap<>();
    private final SecretSource secrets;
    private final UnaryOperator<Host> wrap;
    private final Map<String, SshHost> open = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();

    /** @param wrap applied to every connected host once (the debug log), or identity */
    public ClusterHosts(List<ClusterNode> nodes, SecretSource secrets, UnaryOperator<Host> wrap) {
        nodes.forEach(n -> this.nodes.put(n.name(), n));
        this.secrets = secrets;
        this.wrap = wrap;
    }

    /** The node's host, connected on first use (nodes connect in parallel: not under the lock). */
    @Override
    public Host resolve(String nodeName) {
        ClusterNode node = nodes.get(nodeName);
        if (node == null) {
            throw new HostException(nodeName, "is not a node of the cluster file");
        }
        synchronized (hosts) {
            Host known = hosts.get(nodeName);
            if (known != null) {
                return known;
            }
        }
        SshHost fresh = new SshConnector(node.ssh().toConnectOptions(), secrets)
                .connect(node.target().toString(), node.name());
        synchronized (hosts) {
            Host raced = hosts.get(nodeName);
            if (raced != null) {
                fresh.close();
                return raced;
            }
            open.put(nodeName, fresh);
            Host wrapped = wrap.apply(fresh);
            hosts.put(nodeName, wrapped);
            return wrapped;
        }
    }

    @Override
    public void close() {
        List<SshHost> all;
        synchronized (hosts) {
            all = new ArrayList<>(open.values());
            open.clear();
            hosts.clear();
        }
        all.forEach(SshHost::close);
    }
}
