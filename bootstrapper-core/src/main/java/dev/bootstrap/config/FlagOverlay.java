package dev.bootstrap.config;

import static dev.bootstrap.config.MappingNodes.child;
import static dev.bootstrap.config.MappingNodes.emptyMapping;
import static dev.bootstrap.config.MappingNodes.get;
import static dev.bootstrap.config.MappingNodes.set;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Writes given {@link InitFlags} into the YAML node trees before they are read, so flag values pass
 * the same validation as file values. Each node made here carries the flag's name as its mark, and
 * errors about it say "flag --service-cidr: ..." instead of a file line.
 */
final class FlagOverlay {

    private FlagOverlay() {
    }

    static void apply(InitFlags flags, MappingNode init, MappingNode cluster) {
        setString(init, "--apiserver-advertise-address", flags.advertiseAddress(), "localAPIEndpoint",
                "advertiseAddress");
        if (flags.bindPort() != null) {
            set(init, scalar("--apiserver-bind-port", Tag.INT, flags.bindPort().toString()), "localAPIEndpoint",
                    "bindPort");
        }
        setString(cluster, "--control-plane-endpoint", flags.controlPlaneEndpoint(), "controlPlaneEndpoint");
        setString(cluster, "--service-cidr", flags.serviceCidr(), "networking", "serviceSubnet");
        if (!flags.apiServerCertSans().isEmpty()) {
            set(cluster, sequence("--apiserver-cert-extra-sans", flags.apiServerCertSans()), "apiServer", "certSANs");
        }
        setString(cluster, "--pod-network-cidr", flags.podNetworkCidr(), "networking", "podSubnet");
        setString(cluster, "--service-dns-domain", flags.serviceDnsDomain(), "networking", "dnsDomain");
        setString(cluster, "--cert-dir", flags.certDir(), "certificatesDir");
        setString(cluster, "--kubernetes-version", flags.kubernetesVersion(), "kubernetesVersion");
        setString(cluster, "--image-repository", flags.imageRepository(), "imageRepository");
        setString(init, "--node-name", flags.nodeName(), "nodeRegistration", "name");
        setString(init, "--cri-socket", flags.criSocket(), "nodeRegistration", "criSocket");
        setString(init, "--certificate-key", flags.certificateKey(), "certificateKey");
        if (flags.token() != null || flags.tokenTtl() != null) {
            MappingNode token = firstBootstrapToken(init);
            setString(token, "--token", flags.token(), "token");
            setString(token, "--token-ttl", flags.tokenTtl(), "ttl");
        }
        if (!flags.skipPhases().isEmpty()) {
            set(init, sequence("--skip-phases", flags.skipPhases()), "skipPhases");
        }
        if (!flags.ignorePreflightErrors().isEmpty()) {
            // kubeadm merges the flag's entries with the file's.
            MappingNode registration = child(init, "nodeRegistration");
            Node existing = get(registration, "ignorePreflightErrors");
            List<Node> items = existing instanceof SequenceNode seq ? new ArrayList<>(seq.getValue()) : new ArrayList<>();
            items.addAll(sequence("--ignore-preflight-errors", flags.ignorePreflightErrors()).getValue());
            set(registration, new SequenceNode(Tag.SEQ, items, DumperOptions.FlowStyle.BLOCK), "ignorePreflightErrors");
        }
    }

    private static MappingNode firstBootstrapToken(MappingNode init) {
        Node tokens = get(init, "bootstrapTokens");
        if (tokens instanceof SequenceNode seq && !seq.getValue().isEmpty()
                && seq.getValue().get(0) instanceof MappingNode first) {
            return first;
        }
        MappingNode first = emptyMapping();
        set(init, new SequenceNode(Tag.SEQ, new ArrayList<>(List.of(first)), DumperOptions.FlowStyle.BLOCK),
                "bootstrapTokens");
        return first;
    }

    private static void setString(MappingNode root, String flag, String value, String... path) {
        if (value != null) {
            set(root, scalar(flag, Tag.STR, value), path);
        }
    }

    private static ScalarNode scalar(String flag, Tag tag, String value) {
        Mark mark = new Mark(flag, 0, 0, 0, new int[0], 0);
        return new ScalarNode(tag, value, mark, mark, DumperOptions.ScalarStyle.PLAIN);
    }

    private static SequenceNode sequence(String flag, List<String> values) {
        List<Node> items = new ArrayList<>();
        for (String v : values) {
            items.add(scalar(flag, Tag.STR, v));
        }
        Mark mark = new Mark(flag, 0, 0, 0, new int[0], 0);
        return new SequenceNode(Tag.SEQ, true, items, mark, mark, DumperOptions.FlowStyle.BLOCK);
    }
}
