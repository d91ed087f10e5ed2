package dev.bootstrap.prepare;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * An active firewalld or ufw: the ports the node's role and the pod network need (kubernetes.io's "Ports and
 * Protocols"; flannel's VXLAN, Calico's BGP) are opened with {@code openFirewall}, and otherwise listed with the
 * exact commands. The firewall is never disabled.
 */
final class Firewall implements PrepareItem {

    static final List<String> CONTROL_PLANE = List.of("6443/tcp", "2379-2380/tcp", "10250/tcp", "10257/tcp",
            "10259/tcp");
    static final List<String> WORKER = List.of("10250/tcp", "10256/tcp", "30000-32767/tcp");

    /** The ports a node needs open. */
    static List<String> ports(boolean controlPlane, ClusterFile.Cni cni) {
        List<String> ports = new ArrayList<>(controlPlane ? CONTROL_PLANE : WORKER);
        switch (cni) {
            case FLANNEL -> ports.add("8472/udp");
            case CALICO -> ports.add("179/tcp");
            case NONE -> {
            }
        }
        return ports;
    }

    @Override
    public List<PrepareAction> plan(NodeState state, PrepareTarget target) {
        if (!state.firewalld() && !state.ufw()) {
            return List.of();
        }
        String tool = state.firewalld() ? "firewalld" : "ufw";
        List<String> ports = ports(target.controlPlane(), target.cni());
        String commands = commands(tool, ports, true);
        if (!target.spec().openFirewall()) {
            return List.of(PrepareAction.run("warning: " + tool + " is active and prepare leaves it as it is "
                    + "(spec.prepare.openFirewall: false); the node needs " + String.join(", ", ports) + " open: "
                    + commands.replace("\n", "; "), List.of(), ""));
        }
        return List.of(PrepareAction.run(tool + ": opened " + String.join(", ", ports),
                ports.stream().map(p -> Change.of(Kind.FIREWALL_PORT, tool + " " + p)).toList(), commands));
    }

    /** The commands that open ({@code open}) or close the ports again. */
    static String commands(String tool, List<String> ports, boolean open) {
        StringBuilder s = new StringBuilder();
        if (tool.equals("firewalld")) {
            for (String p : ports) {
                s.append("firewall-cmd --permanent --").append(open ? "add" : "remove").append("-port=").append(p)
                        .append('\n');
            }
            s.append("firewall-cmd --reload");
        } else {
            for (String p : ports) {
                // ufw writes a range as 30000:32767.
                s.append(open ? "ufw allow " : "ufw delete allow ").append(p.replace('-', ':')).append('\n');
            }
        }
        return s.toString().strip();
    }
}
