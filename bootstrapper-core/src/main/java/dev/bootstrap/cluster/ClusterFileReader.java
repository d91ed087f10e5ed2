package dev.bootstrap.cluster;

import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.ConfigNode;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.ssh.HostTarget;
import dev.bootstrap.net.DnsNames;
import dev.bootstrap.net.Cidr;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.runtime.Registries;
import dev.bootstrap.runtime.RegistryMirrors;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads and validates a cluster file. Every error is {@code file:line: Cluster.field.path: problem}.
 * The fields the cluster file shares with kubeadm are checked by kubeadm's own ClusterConfiguration
 * reader, so both files accept and reject the same values.
 */
public final class ClusterFileReader {

    private static final String ROOT = "Cluster";
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** spec fields that are also ClusterConfiguration fields (read by its reader). */
    private static final List<String> SHARED = List.of("kubernetesVersion", "controlPlaneEndpoint", "networking",
            "imageRepository");
    /** ClusterConfiguration fields the embedded block may not set, and where they are set instead. */
    private static final Map<String, String> SET_ELSEWHERE = Map.of(
            "kubernetesVersion", "spec.kubernetesVersion", "controlPlaneEndpoint", "spec.controlPlaneEndpoint",
            "networking", "spec.networking", "imageRepository", "spec.imageRepository",
            "clusterName", "metadata.name", "proxy", "spec.addons.kubeProxy.enabled",
            "apiVersion", "nowhere (the block is always a kubeadm.k8s.io/v1beta4 ClusterConfiguration)",
            "kind", "nowhere (the block is always a kubeadm.k8s.io/v1beta4 ClusterConfiguration)");
    private static final String[] ADDONS = {"coreDNS", "kubeProxy", "cni"};
    private static final int MAX_CONCURRENCY = 1000;
    private static final Pattern SYSCTL_KEY = Pattern.compile("[a-z0-9_]+(\\.[a-zA-Z0-9_-]+)+");

    private ClusterFileReader() {
    }

    /** Reads {@code file}; {@code env} supplies the {@code ${VAR}} values (System.getenv() in the CLI). */
    public static ClusterFile read(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot read cluster file " + file + ": " + e.getMessage(), e);
        }
        return read(file.getFileName().toString(), text, env);
    }

    /** Reads cluster-file {@code text}, named {@code source} in errors. */
    public static ClusterFile read(String source, String text, Map<String, String> env) {
        Node root = new EnvSubstitution(env, source).apply(parse(source, text), ROOT);
        ConfigNode doc = ConfigNode.of(root, ROOT, source);
        ConfigNode.Fields f = doc.fields("apiVersion", "kind", "metadata", "spec");
        ConfigNode apiVersion = required(doc, f, "apiVersion");
        if (!ClusterFile.API_VERSION.equals(apiVersion.string())) {
            throw apiVersion.error("\"" + apiVersion.string() + "\" is not supported; use " + ClusterFile.API_VERSION);
        }
        ConfigNode kind = required(doc, f, "kind");
        if (!ClusterFile.KIND.equals(kind.string())) {
            throw kind.error("\"" + kind.string() + "\" is not a cluster file kind; use " + ClusterFile.KIND
                    + " (kubeadm configuration files go to init --config)");
        }
        ConfigNode metadata = required(doc, f, "metadata");
        ConfigNode name = required(metadata, metadata.fields("name"), "name");
        if (!LABEL.matcher(name.string()).matches()) {
            throw name.invalid("a valid cluster name (RFC 1123 label: lower-case letters, digits and '-', at most 63)");
        }
        return spec(required(doc, f, "spec"), name);
    }

    private static Node parse(String source, String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setAllowDuplicateKeys(true); // reported by ConfigNode with the field path instead
        List<Node> docs = new ArrayList<>();
        try {
            new Yaml(options).composeAll(new StringReader(text)).forEach(n -> {
                if (n != null) {
                    docs.add(n);
                }
            });
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(source + ":" + line + ": invalid YAML: " + e.getProblem(), e);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": invalid YAML: " + e.getMessage(), e);
        }
        if (docs.size() != 1) {
            throw new ConfigException(source + ": a cluster file holds exactly one document (kind: Cluster), found "
                    + docs.size());
        }
        return docs.get(0);
    }

    private static ConfigNode required(ConfigNode parent, ConfigNode.Fields fields, String field) {
        return fields.get(field).orElseThrow(() -> parent.error("\"" + field + "\" is required"));
    }

    private static ClusterFile spec(ConfigNode spec, ConfigNode name) {
        ConfigNode.Fields f = spec.fields("kubernetesVersion", "controlPlaneEndpoint", "networking", "imageRepository",
                "serviceManager", "concurrency", "addons", "kubeadm", "ssh", "nodes", "upgrade", "prepare", "registries");
        // Checked on their own first, so errors name spec.X rather than the merged configuration.
        ClusterConfiguration.read(ConfigNode.of(shared(spec), spec.path(), name.fileName()));
        ClusterFile.Addons addons = f.get("addons").map(ClusterFileReader::addons)
                .orElse(new ClusterFile.Addons(true, true, ClusterFile.Cni.NONE));
        ClusterConfiguration kubeadm = ClusterConfiguration.read(ConfigNode.of(
                merged(spec, f.get("kubeadm").orElse(null), name, addons), spec.path() + ".kubeadm", name.fileName()));
        checkPodNetwork(f, addons.cni(), kubeadm.networking().podSubnet());
        SshSettings ssh = f.get("ssh").map(ClusterFileReader::ssh).orElse(SshSettings.NONE);
        ConfigNode nodesNode = required(spec, f, "nodes");
        List<ClusterNode> nodes = nodes(nodesNode, ssh, kubeadm.networking());
        long controlPlanes = nodes.stream().filter(n -> n.role() == Role.CONTROL_PLANE).count();
        if (controlPlanes == 0) {
            throw nodesNode.error("no node has role control-plane (the first one runs init)");
        }
        if (controlPlanes > 1 && kubeadm.controlPlaneEndpoint().isEmpty()) {
            throw nodesNode.error(controlPlanes + " control-plane nodes need spec.controlPlaneEndpoint (a load "
                    + "balancer or virtual IP in front of their API servers)");
        }
        return new ClusterFile(name.string(), kubeadm,
                f.get("serviceManager").map(ClusterFileReader::serviceManager).orElse(ServiceManagerSpec.SYSTEMD),
                f.get("concurrency").map(ClusterFileReader::concurrency).orElse(10), addons, ssh, nodes,
                f.get("upgrade").map(ClusterFileReader::upgrade).orElse(UpgradeSpec.DEFAULT),
                f.get("prepare").map(ClusterFileReader::prepare).orElse(PrepareSpec.DEFAULT),
                f.get("registries").map(ClusterFileReader::registries).orElse(Registries.NONE));
    }

    /**
     * A CNI needs the pod subnet: without it kubeadm leaves out the controller-manager's --allocate-node-cidrs, no
     * Node gets a podCIDR and flanneld stops with "pod cidr not assigned". Both CNIs as bootstrap sets them up
     * (flannel's vxlan Network, Calico's default IPv4 pool) need an IPv4 range in it.
     */
    private static void checkPodNetwork(ConfigNode.Fields spec, ClusterFile.Cni cni, String podSubnet) {
        if (cni == ClusterFile.Cni.NONE) {
            return;
        }
        ConfigNode type = spec.get("addons").flatMap(a -> a.fields(ADDONS).get("cni"))
                .flatMap(c -> c.fields("type").get("type")).orElseThrow();
        if (podSubnet.isEmpty()) {
            throw type.error(cni.yamlName() + " needs spec.networking.podSubnet (the pods' addresses, such as "
                    + "10.244.0.0/16): without it no node is given a pod range; set it, or set type: none");
        }
        if (Cidr.ipv4Of(podSubnet).isEmpty()) {
            throw type.error(cni.yamlName() + " needs an IPv4 range in spec.networking.podSubnet (for "
                    + (cni == ClusterFile.Cni.FLANNEL ? "the vxlan backend's Network" : "the default IPv4 pool")
                    + "), which is \"" + podSubnet + "\": add one (such as 10.244.0.0/16," + podSubnet
                    + "), or set type: none and install an IPv6 pod network yourself");
        }
    }

    private static PrepareSpec prepare(ConfigNode n) {
        ConfigNode.Fields f = n.fields("enabled", "swap", "kernelModules", "sysctls", "extraSysctls", "selinux",
                "openFirewall", "containerd", "kubelet", "binaries");
        if (!f.bool("enabled", true)) {
            return PrepareSpec.OFF;
        }
        Map<String, String> extra = f.get("extraSysctls").map(e -> e.map(ClusterFileReader::nonEmpty))
                .orElse(Map.of());
        for (String key : extra.keySet()) {
            if (!SYSCTL_KEY.matcher(key).matches()) {
                throw f.get("extraSysctls").orElseThrow().error("\"" + key
                        + "\" is not a sysctl key (dotted, such as fs.inotify.max_user_instances)");
            }
        }
        return new PrepareSpec(true, f.bool("swap", true), f.bool("kernelModules", true), f.bool("sysctls", true),
                extra, f.bool("selinux", true), f.bool("openFirewall", false), f.bool("containerd", true),
                f.bool("kubelet", true), f.get("binaries").map(ClusterFileReader::binaries));
    }

    /** The binaries directory: on this machine, with the checksums every file is verified against. */
    private static Path binaries(ConfigNode n) {
        Path dir = Path.of(absolutePath(n));
        if (!Files.isDirectory(dir)) {
            throw n.error(dir + ": no such directory on this machine (the binaries prepare installs, with SHA256SUMS)");
        }
        if (!Files.isRegularFile(dir.resolve("SHA256SUMS"))) {
            throw n.error(dir + " has no SHA256SUMS file (sha256sum's output for every file in it)");
        }
        return dir;
    }

    private static Registries registries(ConfigNode n) {
        List<RegistryMirrors> registries = new ArrayList<>();
        n.map(mirrors -> mirrors).forEach((registry, mirrors) -> {
            List<RegistryMirrors.Mirror> parsed = mirrors.list(m -> RegistryMirrors.Mirror.parse(m.string(), m.where()));
            registries.add(RegistryMirrors.of(registry, parsed, mirrors.where()));
        });
        return new Registries(registries);
    }

    private static UpgradeSpec upgrade(ConfigNode n) {
        ConfigNode.Fields f = n.fields("via", "maxUnavailable", "drainTimeout", "drainGracePeriod", "deleteEmptyDirData",
                "kubeletCommand");
        Optional<String> maxUnavailable = f.get("maxUnavailable").map(m -> {
            String value = m.intOrString();
            if (!value.matches("[1-9][0-9]*|([1-9][0-9]?|100)%")) {
                throw m.invalid("a number of workers (1 or more) or a percentage of them (1% to 100%)");
            }
            return value;
        });
        Duration drainTimeout = f.get("drainTimeout", ConfigNode::duration, UpgradeSpec.DRAIN_TIMEOUT);
        if (drainTimeout.isZero() || drainTimeout.isNegative()) {
            throw f.get("drainTimeout").orElseThrow().error("must be more than 0 (a drain never waits forever)");
        }
        OptionalInt grace = f.get("drainGracePeriod").map(g -> {
            int seconds = g.integer();
            if (seconds < 0) {
                throw g.error(seconds + " is negative (seconds a Pod gets to stop; leave it out for the Pod's own)");
            }
            return OptionalInt.of(seconds);
        }).orElse(OptionalInt.empty());
        return new UpgradeSpec(f.list("via", v -> KubernetesVersion.parse(v.string()).orElseThrow(() -> v.invalid(
                "a Kubernetes version such as " + VersionTable.DEFAULT_VERSION))), maxUnavailable, drainTimeout, grace,
                f.bool("deleteEmptyDirData", false), f.get("kubeletCommand").map(ConfigNode::string).orElse(""));
    }

    /** A mapping of the spec fields that are ClusterConfiguration fields. */
    private static MappingNode shared(ConfigNode spec) {
        List<NodeTuple> tuples = new ArrayList<>();
        for (NodeTuple t : ((MappingNode) spec.node()).getValue()) {
            if (SHARED.contains(keyName(t))) {
                tuples.add(t);
            }
        }
        return new MappingNode(Tag.MAP, true, tuples, spec.node().getStartMark(), spec.node().getEndMark(),
                DumperOptions.FlowStyle.BLOCK);
    }

    /** The embedded kubeadm block plus the cluster file's shared fields, name and addons. */
    private static MappingNode merged(ConfigNode spec, ConfigNode block, ConfigNode name, ClusterFile.Addons addons) {
        List<NodeTuple> tuples = new ArrayList<>();
        if (block != null) {
            if (!(block.node() instanceof MappingNode)) {
                throw block.error("expected a mapping of kubeadm ClusterConfiguration (v1beta4) fields");
            }
            for (NodeTuple t : ((MappingNode) block.node()).getValue()) {
                String key = keyName(t);
                if (SET_ELSEWHERE.containsKey(key)) {
                    throw ConfigNode.of(t.getKeyNode(), block.path() + "." + key, name.fileName())
                            .error("not allowed in the embedded kubeadm block; set " + SET_ELSEWHERE.get(key));
                }
                tuples.add(key.equals("dns") ? new NodeTuple(t.getKeyNode(), dns(ConfigNode.of(t.getValueNode(),
                        block.path() + ".dns", name.fileName()), addons.coreDns())) : t);
            }
        }
        if (tuples.stream().noneMatch(t -> keyName(t).equals("dns"))) {
            tuples.add(tuple("dns", mapping(tuple("disabled", bool(!addons.coreDns(), name)))));
        }
        tuples.addAll(shared(spec).getValue());
        tuples.add(tuple("clusterName", name.node()));
        tuples.add(tuple("proxy", mapping(tuple("disabled", bool(!addons.kubeProxy(), name)))));
        return mapping(tuples.toArray(NodeTuple[]::new));
    }

    /** The block's dns mapping with "disabled" from spec.addons.coreDNS. */
    private static Node dns(ConfigNode dns, boolean coreDns) {
        ConfigNode.Fields f = dns.fields("disabled", "imageRepository", "imageTag");
        if (f.has("disabled")) {
            throw dns.error("\"disabled\" is not allowed in the embedded kubeadm block; set spec.addons.coreDNS.enabled");
        }
        List<NodeTuple> tuples = new ArrayList<>(((MappingNode) dns.node()).getValue());
        tuples.add(tuple("disabled", bool(!coreDns, dns)));
        return mapping(tuples.toArray(NodeTuple[]::new));
    }

    /** The field name; "" for a non-string key (the field reader reports it). */
    static String keyName(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : "";
    }

    private static NodeTuple tuple(String key, Node value) {
        return new NodeTuple(new ScalarNode(Tag.STR, key, value.getStartMark(), value.getEndMark(),
                DumperOptions.ScalarStyle.PLAIN), value);
    }

    private static MappingNode mapping(NodeTuple... tuples) {
        Mark mark = tuples[0].getKeyNode().getStartMark();
        return new MappingNode(Tag.MAP, true, new ArrayList<>(List.of(tuples)), mark, mark,
                DumperOptions.FlowStyle.BLOCK);
    }

    /** A boolean node that reports at {@code where}'s line. */
    private static ScalarNode bool(boolean value, ConfigNode where) {
        Mark mark = where.node().getStartMark();
        return new ScalarNode(Tag.BOOL, Boolean.toString(value), mark, mark, DumperOptions.ScalarStyle.PLAIN);
    }

    private static ClusterFile.Addons addons(ConfigNode n) {
        ConfigNode.Fields f = n.fields(ADDONS);
        return new ClusterFile.Addons(f.get("coreDNS", ClusterFileReader::enabled, true),
                f.get("kubeProxy", ClusterFileReader::enabled, true),
                f.get("cni", ClusterFileReader::cni, ClusterFile.Cni.NONE));
    }

    private static ClusterFile.Cni cni(ConfigNode n) {
        ConfigNode type = n.fields("type").get("type").orElseThrow(() -> n.error("\"type\" is required"));
        return ClusterFile.Cni.valueOf(type.oneOf(Arrays.stream(ClusterFile.Cni.values())
                .map(ClusterFile.Cni::yamlName).toList()).toUpperCase(Locale.ROOT));
    }

    private static boolean enabled(ConfigNode n) {
        return n.fields("enabled").bool("enabled", true);
    }

    private static int concurrency(ConfigNode n) {
        int value = n.integer();
        if (value < 1 || value > MAX_CONCURRENCY) {
            throw n.error(value + " is out of range (1-" + MAX_CONCURRENCY + " nodes at once)");
        }
        return value;
    }

    private static ServiceManagerSpec serviceManager(ConfigNode n) {
        ConfigNode.Fields f = n.fields("type", "start", "stop", "status");
        String type = f.get("type", t -> t.oneOf(ServiceManagerSpec.TYPES), "systemd");
        List<String> commands = new ArrayList<>();
        for (String which : List.of("start", "stop", "status")) {
            if (type.equals("commands")) {
                commands.add(nonEmpty(required(n, f, which)));
            } else if (f.get(which).isPresent()) {
                throw f.get(which).get().error("only used with type: commands (type is " + type + ")");
            }
        }
        return type.equals("commands") ? new ServiceManagerSpec(type, commands.get(0), commands.get(1), commands.get(2))
                : new ServiceManagerSpec(type, null, null, null);
    }

    private static String nonEmpty(ConfigNode n) {
        if (n.string().isBlank()) {
            throw n.error("must not be empty");
        }
        return n.string();
    }

    private static SshSettings ssh(ConfigNode n) {
        ConfigNode.Fields f = n.fields("user", "port", "keyFile", "jumpHosts", "sudoPasswordEnv", "knownHostsFile",
                "acceptNewHostKeys");
        return new SshSettings(
                f.get("user", ClusterFileReader::user, null),
                f.get("port", ConfigNode::port, null),
                f.get("keyFile", ClusterFileReader::keyFile, null),
                f.get("jumpHosts").map(ClusterFileReader::jumpHosts).orElse(null),
                f.get("sudoPasswordEnv", ClusterFileReader::envName, null),
                f.get("knownHostsFile", ClusterFileReader::absolutePath, null),
                f.get("acceptNewHostKeys", ConfigNode::bool, null));
    }

    /** The orchestrator's files; "~" is not expanded here, so it is refused rather than taken as a relative path. */
    private static String absolutePath(ConfigNode n) {
        if (!n.string().startsWith("/")) {
            throw n.invalid("an absolute path (write ${HOME}/.ssh/... rather than ~/.ssh/...)");
        }
        return n.string();
    }

    /** A key this machine has: a missing or empty one would fail every connection with an authentication error. */
    private static String keyFile(ConfigNode n) {
        Path key = Path.of(absolutePath(n));
        if (!Files.exists(key)) {
            throw n.error(key + ": no such file on this machine");
        }
        if (!Files.isRegularFile(key)) {
            throw n.error(key + " is not a file (a private key such as id_ed25519)");
        }
        try {
            if (Files.size(key) == 0) {
                throw n.error(key + " is empty");
            }
        } catch (IOException e) {
            throw n.error(key + " cannot be read: " + e.getMessage());
        }
        return key.toString();
    }

    private static String user(ConfigNode n) {
        if (!USER.matcher(n.string()).matches()) {
            throw n.invalid("a valid user name");
        }
        return n.string();
    }

    /** Bastions in order; one twice would be a loop. */
    private static List<String> jumpHosts(ConfigNode list) {
        List<String> hops = new ArrayList<>();
        for (ConfigNode item : list.list()) {
            HostTarget hop;
            try {
                hop = HostTarget.parse(item.string());
            } catch (IllegalArgumentException e) {
                throw item.error(e.getMessage());
            }
            int first = hops.indexOf(hop.toString());
            if (first >= 0) {
                throw item.error("\"" + item.string() + "\" is already bastion " + first + " of the chain: it would loop");
            }
            hops.add(hop.toString());
        }
        return hops;
    }

    /** Whether a bastion of the node's chain is the node itself (same host and port): it would go through itself. */
    private static boolean throughItself(ClusterNode node) {
        String self = HostPort.join(node.address().toLowerCase(), node.ssh().port() == null ? 22 : node.ssh().port());
        return node.ssh().jumpHosts() != null && node.ssh().jumpHosts().stream().map(HostTarget::parse)
                .anyMatch(hop -> HostPort.join(hop.host().toLowerCase(), hop.port() == null ? 22 : hop.port())
                        .equals(self));
    }

    private static String envName(ConfigNode n) {
        if (!ENV_NAME.matcher(n.string()).matches()) {
            throw n.invalid("an environment variable name (the variable holds the password, not this file)");
        }
        return n.string();
    }

    private static List<ClusterNode> nodes(ConfigNode list, SshSettings defaults, ClusterConfiguration.Networking net) {
        List<ClusterNode> nodes = new ArrayList<>();
        Map<String, String> names = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (ConfigNode item : list.list()) {
            ConfigNode.Fields f = item.fields("name", "address", "role", "ssh");
            ConfigNode name = required(item, f, "name");
            if (!DnsNames.isSubdomain(name.string())) {
                throw name.invalid("a valid node name (RFC 1123 subdomain: lower-case letters, digits, '-' and '.')");
            }
            unique(names, name, name.string(), item.path(), "name");
            ConfigNode address = required(item, f, "address");
            if (!HostPort.isHost(address.string())) {
                throw address.invalid("an IP address or host name");
            }
            Optional<InetAddress> ip = IpAddresses.parse(address.string());
            if (ip.filter(a -> a.isAnyLocalAddress() || a.isMulticastAddress()
                    || a.getHostAddress().equals("255.255.255.255")).isPresent()) {
                throw address.error("\"" + address.string() + "\" is a wildcard, multicast or broadcast address, not "
                        + "the address of one node");
            }
            unique(addresses, address, ip.map(InetAddress::getHostAddress).orElse(address.string()), item.path(),
                    "address");
            if (ip.isPresent()) {
                checkOutside(address, name.string(), ip.get(), "podSubnet", net.podSubnet());
                checkOutside(address, name.string(), ip.get(), "serviceSubnet", net.serviceSubnet());
            }
            Role role = Role.of(required(item, f, "role").oneOf(Role.yamlNames()));
            SshSettings ssh = f.get("ssh").map(ClusterFileReader::ssh).orElse(SshSettings.NONE).over(defaults);
            ClusterNode node = new ClusterNode(name.string(), address.string(), role, ssh);
            if (throughItself(node)) {
                throw address.error("\"" + address.string() + "\" is also one of the node's jumpHosts "
                        + ssh.jumpHosts() + ": its SSH connection would go through itself");
            }
            nodes.add(node);
        }
        if (nodes.isEmpty()) {
            throw list.error("at least one node is required");
        }
        return nodes;
    }

    /** A node's address in the pod or service range would be taken for a pod's or a service's. */
    private static void checkOutside(ConfigNode address, String node, InetAddress ip, String field, String subnets) {
        for (Cidr range : Cidr.list(subnets)) {
            if (range.contains(ip)) {
                throw address.error("\"" + address.string() + "\" (node " + node + ") is inside spec.networking." + field
                        + " " + range + ": what is sent to the node would go to a pod or a service instead; choose pod "
                        + "and service subnets apart from the nodes' addresses");
            }
        }
    }

    /** @param key the value as compared: two spellings of one IP address are the same address */
    private static void unique(Map<String, String> seen, ConfigNode value, String key, String itemPath, String what) {
        key = key.toLowerCase();
        String first = seen.putIfAbsent(key, itemPath);
        if (first != null) {
            throw value.error("\"" + value.string() + "\" is already the " + what + " of " + first);
        }
    }
}
