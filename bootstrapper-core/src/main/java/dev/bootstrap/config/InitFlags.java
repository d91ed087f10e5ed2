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
 * The {@code kubeadm init} flags that change the configuration; null (or empty list) = not given.
 * Given flags override the values of a {@code --config} file (kubeadm refuses most mixes; bootstrap
 * lets the flag win, which {@code bootstrap up} relies on). Values are the flags' raw text so that a
 * bad value is reported against the flag by the same checks that validate files ({@link #overlay}).
 * {@code uploadCerts} is not part of the configuration; the init workflow reads it from here.
 */
public record InitFlags(String advertiseAddress, Integer bindPort, String controlPlaneEndpoint, String serviceCidr,
                        String podNetworkCidr, String serviceDnsDomain, String nodeName, String certDir,
                        String kubernetesVersion, String imageRepository, String criSocket, String token,
                        String tokenTtl, boolean uploadCerts, String certificateKey, List<String> skipPhases,
                        List<String> ignorePreflightErrors, List<String> apiServerCertSans) {

    public static final InitFlags NONE = new InitFlags(null, null, null, null, null, null, null, null, null, null,
            null, null, null, false, null, List.of(), List.of(), List.of());

    public InitFlags {
        skipPhases = skipPhases == null ? List.of() : List.copyOf(skipPhases);
        ignorePreflightErrors = ignorePreflightErrors == null ? List.of() : List.copyOf(ignorePreflightErrors);
        apiServerCertSans = apiServerCertSans == null ? List.of() : List.copyOf(apiServerCertSans);
    }

    /** Only the certificates dir set (null = not given): what the certs commands take besides --config. */
    public static InitFlags certDir(String certDir) {
        return new InitFlags(null, null, null, null, null, null, null, certDir, null, null, null, null, null, false,
                null, List.of(), List.of(), List.of());
    }

    /** Only the version, image repository and CRI socket set (what {@code config images list/pull} take). */
    public static InitFlags images(String kubernetesVersion, String imageRepository, String criSocket) {
        return new InitFlags(null, null, null, null, null, null, null, null, kubernetesVersion, imageRepository,
                criSocket, null, null, false, null, List.of(), List.of(), List.of());
    }

    /**
     * What an upgrade sets on the cluster's ClusterConfiguration for one node: the target version and what kubeadm
     * reads from the node (its name, its API server's advertise address and port, its CRI socket); null = not set.
     */
    public static InitFlags upgrade(String advertiseAddress, Integer bindPort, String nodeName,
                                    String kubernetesVersion, String criSocket) {
        return new InitFlags(advertiseAddress, bindPort, null, null, null, null, nodeName, null, kubernetesVersion,
                null, criSocket, null, null, false, null, List.of(), List.of(), List.of());
    }

    /**
     * Writes the given flags into the YAML node trees before they are read, so flag values pass the same
     * validation as file values. Each node made here carries the flag's name as its mark, and errors about it
     * say "flag --service-cidr: ..." instead of a file line.
     */
    void overlay(MappingNode init, MappingNode cluster) {
        setString(init, "--apiserver-advertise-address", advertiseAddress, "localAPIEndpoint",
                "advertiseAddress");
        if (bindPort != null) {
            set(init, scalar("--apiserver-bind-port", Tag.INT, bindPort.toString()), "localAPIEndpoint",
                    "bindPort");
        }
        setString(cluster, "--control-plane-endpoint", controlPlaneEndpoint, "controlPlaneEndpoint");
        setString(cluster, "--service-cidr", serviceCidr, "networking", "serviceSubnet");
        if (!apiServerCertSans.isEmpty()) {
            set(cluster, sequence("--apiserver-cert-extra-sans", apiServerCertSans), "apiServer", "certSANs");
        }
        setString(cluster, "--pod-network-cidr", podNetworkCidr, "networking", "podSubnet");
        setString(cluster, "--service-dns-domain", serviceDnsDomain, "networking", "dnsDomain");
        setString(cluster, "--cert-dir", certDir, "certificatesDir");
        setString(cluster, "--kubernetes-version", kubernetesVersion, "kubernetesVersion");
        setString(cluster, "--image-repository", imageRepository, "imageRepository");
        setString(init, "--node-name", nodeName, "nodeRegistration", "name");
        setString(init, "--cri-socket", criSocket, "nodeRegistration", "criSocket");
        setString(init, "--certificate-key", certificateKey, "certificateKey");
        if (token != null || tokenTtl != null) {
            MappingNode first = firstBootstrapToken(init);
            setString(first, "--token", token, "token");
            setString(first, "--token-ttl", tokenTtl, "ttl");
        }
        if (!skipPhases.isEmpty()) {
            set(init, sequence("--skip-phases", skipPhases), "skipPhases");
        }
        if (!ignorePreflightErrors.isEmpty()) {
            // kubeadm merges the flag's entries with the file's.
            MappingNode registration = child(init, "nodeRegistration");
            Node existing = get(registration, "ignorePreflightErrors");
            List<Node> items = existing instanceof SequenceNode seq ? new ArrayList<>(seq.getValue()) : new ArrayList<>();
            items.addAll(sequence("--ignore-preflight-errors", ignorePreflightErrors).getValue());
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

    @Override
    public String toString() {
        // token and certificate key are secrets
        return "InitFlags[advertiseAddress=" + advertiseAddress + ", kubernetesVersion=" + kubernetesVersion
                + ", token=" + (token == null ? "unset" : "<secret>") + "]";
    }
}
