package dev.bootstrap.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Rewrites a {@code kubeadm.k8s.io/v1beta3} document into the v1beta4 shape in place, so the v1beta4
 * readers read it. The user's nodes are moved, not copied, and keep their marks: a later error still
 * names the file and line. The rules are kubeadm's (cmd/kubeadm/app/apis/kubeadm/v1beta3/conversion.go,
 * v1beta3/zz_generated.conversion.go, v1beta4/conversion.go); v1beta4's defaults then fill the fields
 * v1beta3 lacks (encryptionAlgorithm RSA-2048, imagePullSerial true, the timeouts), as kubeadm's do.
 */
final class V1beta3Conversion {

    /** Fields v1beta4 added, by kind: in a v1beta3 document they are unknown fields (strict decoding). */
    private static final Map<String, List<String>> V1BETA4_ONLY = Map.of(
            InitConfiguration.KIND, List.of("dryRun", "timeouts", "nodeRegistration.imagePullSerial"),
            ClusterConfiguration.KIND, List.of("proxy", "encryptionAlgorithm", "certificateValidityPeriod",
                    "caCertificateValidityPeriod", "apiServer.extraEnvs", "controllerManager.extraEnvs",
                    "scheduler.extraEnvs", "etcd.local.extraEnvs", "dns.disabled"),
            JoinConfiguration.KIND, List.of("dryRun", "timeouts", "nodeRegistration.imagePullSerial"));

    private V1beta3Conversion() {
    }

    /**
     * Converts a ClusterConfiguration. Returns its {@code apiServer.timeoutForControlPlane} (removed
     * from the document), or null when unset or zero: kubeadm moves a non-zero value to the
     * InitConfiguration's and JoinConfiguration's {@code timeouts.controlPlaneComponentHealthCheck}
     * (cmd/kubeadm/app/apis/kubeadm/timeoututils.go).
     */
    static Node cluster(ConfigNode doc) {
        MappingNode root = rejectV1beta4Fields(doc);
        for (String[] component : List.of(new String[] {"apiServer"}, new String[] {"controllerManager"},
                new String[] {"scheduler"}, new String[] {"etcd", "local"})) {
            convertArgs(doc, MappingNodes.mapping(root, component), String.join(".", component) + ".extraArgs");
        }
        MappingNode apiServer = MappingNodes.mapping(root, "apiServer");
        Node timeout = apiServer == null ? null : MappingNodes.remove(apiServer, "timeoutForControlPlane");
        if (timeout == null) {
            return null;
        }
        ConfigNode value = at(doc, timeout, "apiServer.timeoutForControlPlane");
        return value.isNull() || value.duration().equals(Duration.ZERO) ? null : timeout;
    }

    /** Converts an InitConfiguration (or the part a JoinConfiguration shares with it: nodeRegistration). */
    static void init(ConfigNode doc) {
        MappingNode root = rejectV1beta4Fields(doc);
        convertArgs(doc, MappingNodes.mapping(root, "nodeRegistration"), "nodeRegistration.kubeletExtraArgs");
    }

    /**
     * Converts a JoinConfiguration: nodeRegistration as in an InitConfiguration, and
     * {@code discovery.timeout} moves to {@code timeouts.discovery}.
     */
    static void join(ConfigNode doc) {
        init(doc);
        MappingNode root = (MappingNode) doc.node();
        MappingNode discovery = MappingNodes.mapping(root, "discovery");
        Node timeout = discovery == null ? null : MappingNodes.remove(discovery, "timeout");
        if (timeout != null) {
            MappingNodes.set(root, timeout, "timeouts", "discovery");
        }
    }

    /**
     * Gives a document a v1beta3 ClusterConfiguration's timeoutForControlPlane, unless it sets
     * timeouts.controlPlaneComponentHealthCheck itself (a v1beta4 document in a mixed file).
     */
    static void applyControlPlaneTimeout(MappingNode root, Node timeout) {
        MappingNode timeouts = MappingNodes.mapping(root, "timeouts");
        if (timeouts == null || MappingNodes.get(timeouts, "controlPlaneComponentHealthCheck") == null) {
            MappingNodes.set(root, timeout, "timeouts", "controlPlaneComponentHealthCheck");
        }
    }

    private static MappingNode rejectV1beta4Fields(ConfigNode doc) {
        MappingNode root = (MappingNode) doc.node();
        for (String field : V1BETA4_ONLY.get(doc.path())) {
            String[] path = field.split("\\.");
            String name = path[path.length - 1];
            MappingNode parent = MappingNodes.mapping(root, Arrays.copyOf(path, path.length - 1));
            for (NodeTuple t : parent == null ? List.<NodeTuple>of() : parent.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(name)) {
                    throw at(doc, k, field).error("unknown field \"" + name + "\": " + KubeadmConfigReader.V1BETA3
                            + " has no such field (it is new in " + KubeadmConfig.API_VERSION
                            + "; 'bootstrap config migrate' converts the file)");
                }
            }
        }
        return root;
    }

    /**
     * v1beta3's {@code extraArgs} map becomes v1beta4's list of {name, value}, sorted by name, then
     * value (convertToArgs in cmd/kubeadm/app/apis/kubeadm/v1beta3/conversion.go).
     */
    private static void convertArgs(ConfigNode doc, MappingNode parent, String field) {
        String name = field.substring(field.lastIndexOf('.') + 1);
        Node args = parent == null ? null : MappingNodes.get(parent, name);
        if (args == null || at(doc, args, field).isNull()) {
            return;
        }
        if (!(args instanceof MappingNode map)) {
            throw at(doc, args, field).error("expected a mapping of flag names to values (v1beta3's form; "
                    + "the list of {name, value} is v1beta4's)");
        }
        List<NodeTuple> entries = new ArrayList<>();
        for (NodeTuple tuple : map.getValue()) {
            String flag = at(doc, tuple.getKeyNode(), field).string();
            ConfigNode value = at(doc, tuple.getValueNode(), field + "." + flag);
            if (!value.isNull()) {
                value.string();
            }
            if (entries.stream().anyMatch(e -> argName(e).equals(flag))) {
                throw at(doc, tuple.getKeyNode(), field + "." + flag).error("flag given twice");
            }
            entries.add(tuple);
        }
        entries.sort(Comparator.comparing(V1beta3Conversion::argName).thenComparing(V1beta3Conversion::argValue));
        List<Node> items = new ArrayList<>();
        for (NodeTuple entry : entries) {
            List<NodeTuple> fields = new ArrayList<>(List.of(new NodeTuple(key("name", entry.getKeyNode()),
                    entry.getKeyNode()), new NodeTuple(key("value", entry.getValueNode()), entry.getValueNode())));
            items.add(new MappingNode(Tag.MAP, true, fields, entry.getKeyNode().getStartMark(),
                    entry.getValueNode().getEndMark(), DumperOptions.FlowStyle.BLOCK));
        }
        MappingNodes.set(parent, new SequenceNode(Tag.SEQ, true, items, args.getStartMark(), args.getEndMark(),
                DumperOptions.FlowStyle.BLOCK), name);
    }

    private static String argName(NodeTuple entry) {
        return ((ScalarNode) entry.getKeyNode()).getValue();
    }

    /** A null value reads as "" (Go's zero value), as the v1beta4 reader reads it. */
    private static String argValue(NodeTuple entry) {
        ScalarNode value = (ScalarNode) entry.getValueNode();
        return value.getTag().equals(Tag.NULL) ? "" : value.getValue();
    }

    private static ScalarNode key(String name, Node value) {
        return new ScalarNode(Tag.STR, name, value.getStartMark(), value.getEndMark(), DumperOptions.ScalarStyle.PLAIN);
    }

    private static ConfigNode at(ConfigNode doc, Node node, String field) {
        return new ConfigNode(node, doc.path() + "." + field, doc.fileName());
    }
}
