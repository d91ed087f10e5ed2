package dev.bootstrap.config;

import dev.bootstrap.net.DnsNames;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code nodeRegistration}. {@code name} is "" until resolved from the node (kubeadm: the OS host name);
 * {@code taints} is already defaulted (the control-plane taint on init when the field is absent or null).
 */
public record NodeRegistration(String name, String criSocket, List<Taint> taints, List<Arg> kubeletExtraArgs,
                               List<String> ignorePreflightErrors, String imagePullPolicy, boolean imagePullSerial) {

    public static final String DEFAULT_CRI_SOCKET = "unix:///var/run/containerd/containerd.sock";
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    static NodeRegistration read(ConfigNode node, List<Taint> defaultTaints) {
        ConfigNode.Fields f = node == null ? new ConfigNode.Fields(Map.of()) : node.fields("name", "criSocket",
                "taints", "kubeletExtraArgs", "ignorePreflightErrors", "imagePullPolicy", "imagePullSerial");
        return new NodeRegistration(
                f.get("name", NodeRegistration::nodeName, ""),
                f.get("criSocket", NodeRegistration::criSocket, DEFAULT_CRI_SOCKET),
                f.get("taints").map(n -> n.list(Taint::read)).orElse(defaultTaints),
                Arg.readList(f, "kubeletExtraArgs"),
                f.list("ignorePreflightErrors", ConfigNode::string),
                imagePullPolicy(f),
                f.bool("imagePullSerial", true));
    }

    /** {@code imagePullPolicy} with kubeadm's default (also UpgradeConfiguration's apply and node). */
    static String imagePullPolicy(ConfigNode.Fields f) {
        return f.get("imagePullPolicy", n -> n.oneOf(PULL_POLICIES), "IfNotPresent");
    }

    private static String nodeName(ConfigNode n) {
        if (!DnsNames.isSubdomain(n.string())) {
            throw n.invalid("a valid node name (lower-case RFC 1123 subdomain)");
        }
        return n.string();
    }

    private static String criSocket(ConfigNode n) {
        if (!isCriSocket(n.string())) {
            throw n.invalid("a CRI socket URL such as " + DEFAULT_CRI_SOCKET);
        }
        return n.string();
    }

    /** A unix:// or npipe:// URL, or a bare path (see {@link #criSocketUrl}): criSocket and join's --cri-socket. */
    public static boolean isCriSocket(String value) {
        return value.matches("(unix|npipe)://.+|/.+");
    }

    /** The socket as an URL: kubeadm adds "unix://" to a bare path. */
    public String criSocketUrl() {
        return criSocket.startsWith("/") ? "unix://" + criSocket : criSocket;
    }

    public NodeRegistration withName(String nodeName) {
        return new NodeRegistration(nodeName, criSocket, taints, kubeletExtraArgs, ignorePreflightErrors,
                imagePullPolicy, imagePullSerial);
    }

    public NodeRegistration withCriSocket(String socket) {
        return new NodeRegistration(name, socket, taints, kubeletExtraArgs, ignorePreflightErrors, imagePullPolicy,
                imagePullSerial);
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("criSocket", criSocket);
        if (!ignorePreflightErrors.isEmpty()) {
            m.put("ignorePreflightErrors", ignorePreflightErrors);
        }
        m.put("imagePullPolicy", imagePullPolicy);
        m.put("imagePullSerial", imagePullSerial);
        if (!kubeletExtraArgs.isEmpty()) {
            m.put("kubeletExtraArgs", Arg.toYaml(kubeletExtraArgs));
        }
        ClusterConfiguration.putIfSet(m, "name", name);
        m.put("taints", taints.stream().map(Taint::toYaml).toList());
        return m;
    }
}
