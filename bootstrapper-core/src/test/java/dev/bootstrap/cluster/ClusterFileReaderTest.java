package dev.bootstrap.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ClusterFileReaderTest {

    private static final String HEADER = """
            apiVersion: bootstrap.dev/v1alpha1
            kind: Cluster
            metadata:
              name: lab
            spec:
            """;
    private static final String CP1 = """
              nodes:
                - name: cp1
                  address: 10.211.0.11
                  role: control-plane
            """;
    private static final String NODE_IN_SUBNET = "what is sent to the node would go to a pod or a service instead; "
            + "choose pod and service subnets apart from the nodes' addresses";
    /** A home with the example's key in it: a key file must exist on this machine. */
    private static final Path HOME = home();
    private static final Map<String, String> ENV = Map.of("HOME", HOME.toString(), "SSH_PORT", "2222");

    private static Path home() {
        try {
            Path home = Files.createTempDirectory("cluster-file-home");
            Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(home.resolve(".ssh/id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\n");
            Files.createFile(home.resolve(".ssh/empty"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClusterFile read(String text) {
        return ClusterFileReader.read("cluster.yaml", text, ENV);
    }

    /** The spec's own lines start at line 6. */
    private static String spec(String lines) {
        return HEADER + lines;
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("wrong apiVersion", HEADER.replace("v1alpha1", "v1"),
                        "cluster.yaml:1: Cluster.apiVersion: \"bootstrap.dev/v1\" is not supported; use bootstrap.dev/v1alpha1"),
                Arguments.of("kubeadm kind", HEADER.replace("kind: Cluster", "kind: ClusterConfiguration") + CP1,
                        "cluster.yaml:2: Cluster.kind: \"ClusterConfiguration\" is not a cluster file kind; use Cluster"
                                + " (kubeadm configuration files go to init --config)"),
                Arguments.of("missing metadata", "apiVersion: bootstrap.dev/v1alpha1\nkind: Cluster\nspec:\n" + CP1,
                        "cluster.yaml:1: Cluster: \"metadata\" is required"),
                Arguments.of("bad cluster name", HEADER.replace("name: lab", "name: Lab_1") + CP1,
                        "cluster.yaml:4: Cluster.metadata.name: \"Lab_1\" is not a valid cluster name (RFC 1123 label:"
                                + " lower-case letters, digits and '-', at most 63)"),
                Arguments.of("unknown field", spec("  kubernetesVersoin: v1.34.1\n" + CP1),
                        "cluster.yaml:6: Cluster.spec.kubernetesVersoin: unknown field \"kubernetesVersoin\" (known fields:"
                                + " addons, concurrency, controlPlaneEndpoint, imageRepository, kubeadm, kubernetesVersion,"
                                + " networking, nodes, prepare, registries, serviceManager, ssh, upgrade)"),
                Arguments.of("bad maxUnavailable", spec("  upgrade:\n    maxUnavailable: 0%\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.upgrade.maxUnavailable: \"0%\" is not a number of workers (1 or "
                                + "more) or a percentage of them (1% to 100%)"),
                Arguments.of("zero drain timeout", spec("  upgrade:\n    drainTimeout: 0s\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.upgrade.drainTimeout: must be more than 0 (a drain never waits "
                                + "forever)"),
                Arguments.of("bad via", spec("  upgrade:\n    via: [v1.36]\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.upgrade.via[0]: \"v1.36\" is not a Kubernetes version such as "
                                + dev.bootstrap.config.VersionTable.DEFAULT_VERSION),
                Arguments.of("unsupported version", spec("  kubernetesVersion: v1.30.2\n" + CP1),
                        "cluster.yaml:6: Cluster.spec.kubernetesVersion: \"v1.30.2\" is not supported; bootstrap deploys"
                                + " v1.31.x to v1.37.x"),
                Arguments.of("version as a number", spec("  kubernetesVersion: 1.34\n" + CP1),
                        "cluster.yaml:6: Cluster.spec.kubernetesVersion: expected a string, got the number \"1.34\" (quote it)"),
                Arguments.of("bad CIDR", spec("  networking:\n    podSubnet: 10.244.0.0/33\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.networking.podSubnet: \"10.244.0.0/33\" is not a valid CIDR"),
                Arguments.of("pods in the service subnet", spec("  networking:\n    podSubnet: 10.96.0.0/16\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.networking.podSubnet: \"10.96.0.0/16\" overlaps "
                                + "networking.serviceSubnet 10.96.0.0/12: a pod and a service could get the same address; "
                                + "choose ranges that do not overlap (kubeadm's defaults: podSubnet 10.244.0.0/16, "
                                + "serviceSubnet 10.96.0.0/12)"),
                Arguments.of("a node in the pod subnet", spec("  networking:\n    podSubnet: 10.211.0.0/16\n" + CP1),
                        "cluster.yaml:10: Cluster.spec.nodes[0].address: \"10.211.0.11\" (node cp1) is inside "
                                + "spec.networking.podSubnet 10.211.0.0/16: " + NODE_IN_SUBNET),
                Arguments.of("a node in the IPv6 service subnet", spec("  networking:\n    serviceSubnet: "
                        + "10.96.0.0/12,fd00:10:96::/108\n" + CP1 + "    - {name: w1, address: \"fd00:10:96::5\", role: worker}\n"),
                        "cluster.yaml:12: Cluster.spec.nodes[1].address: \"fd00:10:96::5\" (node w1) is inside "
                                + "spec.networking.serviceSubnet fd00:10:96::/108: " + NODE_IN_SUBNET),
                Arguments.of("a node in the default service subnet", spec(CP1.replace("10.211.0.11", "10.100.0.5")),
                        "cluster.yaml:8: Cluster.spec.nodes[0].address: \"10.100.0.5\" (node cp1) is inside "
                                + "spec.networking.serviceSubnet 10.96.0.0/12: " + NODE_IN_SUBNET),
                Arguments.of("bad endpoint", spec("  controlPlaneEndpoint: lb:99999\n" + CP1),
                        "cluster.yaml:6: Cluster.spec.controlPlaneEndpoint: \"lb:99999\" is not a valid endpoint (host or"
                                + " host:port, IPv6 as [addr]:port)"),
                Arguments.of("concurrency not a number", spec("  concurrency: ten\n" + CP1),
                        "cluster.yaml:6: Cluster.spec.concurrency: expected an integer, got the string \"ten\""),
                Arguments.of("concurrency zero", spec("  concurrency: 0\n" + CP1),
                        "cluster.yaml:6: Cluster.spec.concurrency: 0 is out of range (1-1000 nodes at once)"),
                Arguments.of("no nodes", spec("  concurrency: 5\n"),
                        "cluster.yaml:6: Cluster.spec: \"nodes\" is required"),
                Arguments.of("empty node list", spec("  nodes: []\n"),
                        "cluster.yaml:6: Cluster.spec.nodes: at least one node is required"),
                Arguments.of("nodes not a list", spec("  nodes:\n    cp1: 10.211.0.11\n"),
                        "cluster.yaml:7: Cluster.spec.nodes: expected a list, got a mapping"),
                Arguments.of("no control plane", spec(CP1.replace("control-plane", "worker")),
                        "cluster.yaml:7: Cluster.spec.nodes: no node has role control-plane (the first one runs init)"),
                Arguments.of("HA without endpoint", spec(CP1 + "    - {name: cp2, address: 10.211.0.12, role: control-plane}\n"),
                        "cluster.yaml:7: Cluster.spec.nodes: 2 control-plane nodes need spec.controlPlaneEndpoint (a load"
                                + " balancer or virtual IP in front of their API servers)"),
                Arguments.of("duplicate name", spec(CP1 + "    - name: cp1\n      address: 10.211.0.12\n      role: worker\n"),
                        "cluster.yaml:10: Cluster.spec.nodes[1].name: \"cp1\" is already the name of Cluster.spec.nodes[0]"),
                Arguments.of("duplicate address", spec(CP1 + "    - name: w1\n      address: 10.211.0.11\n      role: worker\n"),
                        "cluster.yaml:11: Cluster.spec.nodes[1].address: \"10.211.0.11\" is already the address of"
                                + " Cluster.spec.nodes[0]"),
                Arguments.of("bad node name", spec(CP1.replace("name: cp1", "name: CP_1")),
                        "cluster.yaml:7: Cluster.spec.nodes[0].name: \"CP_1\" is not a valid node name (RFC 1123 subdomain:"
                                + " lower-case letters, digits, '-' and '.')"),
                Arguments.of("bad address", spec(CP1.replace("10.211.0.11", "\"node one\"")),
                        "cluster.yaml:8: Cluster.spec.nodes[0].address: \"node one\" is not an IP address or host name"),
                Arguments.of("blank node name", spec(CP1.replace("name: cp1", "name: \" \"")),
                        "cluster.yaml:7: Cluster.spec.nodes[0].name: \" \" is not a valid node name (RFC 1123 subdomain:"
                                + " lower-case letters, digits, '-' and '.')"),
                Arguments.of("wildcard address", spec(CP1.replace("10.211.0.11", "0.0.0.0")),
                        "cluster.yaml:8: Cluster.spec.nodes[0].address: \"0.0.0.0\" is a wildcard, multicast or broadcast"
                                + " address, not the address of one node"),
                Arguments.of("multicast address", spec(CP1.replace("10.211.0.11", "ff02::1")),
                        "cluster.yaml:8: Cluster.spec.nodes[0].address: \"ff02::1\" is a wildcard, multicast or broadcast"
                                + " address, not the address of one node"),
                Arguments.of("one address spelled twice", spec(CP1.replace("10.211.0.11", "fd00::11")
                        + "    - {name: w1, address: \"fd00:0:0::11\", role: worker}\n"),
                        "cluster.yaml:10: Cluster.spec.nodes[1].address: \"fd00:0:0::11\" is already the address of"
                                + " Cluster.spec.nodes[0]"),
                Arguments.of("bad role", spec(CP1.replace("control-plane", "master")),
                        "cluster.yaml:9: Cluster.spec.nodes[0].role: \"master\" is not one of control-plane, worker"),
                Arguments.of("missing role", spec("  nodes:\n    - name: cp1\n      address: 10.211.0.11\n"),
                        "cluster.yaml:7: Cluster.spec.nodes[0]: \"role\" is required"),
                Arguments.of("bad SSH port", spec("  ssh:\n    port: 70000\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.port: 70000 is not a valid port (1-65535)"),
                Arguments.of("bad node SSH user", spec(CP1 + "      ssh:\n        user: \"bad user\"\n"),
                        "cluster.yaml:11: Cluster.spec.nodes[0].ssh.user: \"bad user\" is not a valid user name"),
                Arguments.of("bad bastion", spec("  ssh:\n    jumpHosts: [admin@bastion:99999]\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.jumpHosts[0]: invalid port '99999' in 'admin@bastion:99999':"
                                + " expected 1-65535"),
                Arguments.of("bastion chain that loops", spec("  ssh:\n    jumpHosts: [ops@bastion, gw, ops@bastion]\n"
                        + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.jumpHosts[2]: \"ops@bastion\" is already bastion 0 of the chain:"
                                + " it would loop"),
                Arguments.of("node as its own bastion", spec("  ssh:\n    jumpHosts: [ops@10.211.0.11:22]\n" + CP1),
                        "cluster.yaml:10: Cluster.spec.nodes[0].address: \"10.211.0.11\" is also one of the node's"
                                + " jumpHosts [ops@10.211.0.11:22]: its SSH connection would go through itself"),
                Arguments.of("missing key file", spec("  ssh:\n    keyFile: /nonexistent/id_ed25519\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.keyFile: /nonexistent/id_ed25519: no such file on this machine"),
                Arguments.of("empty key file", spec(CP1 + "      ssh:\n        keyFile: ${HOME}/.ssh/empty\n"),
                        "cluster.yaml:11: Cluster.spec.nodes[0].ssh.keyFile: " + HOME + "/.ssh/empty is empty"),
                Arguments.of("key file a directory", spec("  ssh:\n    keyFile: ${HOME}/.ssh\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.keyFile: " + HOME + "/.ssh is not a file (a private key such as"
                                + " id_ed25519)"),
                Arguments.of("sudo password in place of its variable", spec("  ssh:\n    sudoPasswordEnv: hunter-2\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.sudoPasswordEnv: \"hunter-2\" is not an environment variable name"
                                + " (the variable holds the password, not this file)"),
                Arguments.of("not a boolean", spec("  ssh:\n    acceptNewHostKeys: sometimes\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.acceptNewHostKeys: expected true or false, got the string \"sometimes\""),
                Arguments.of("unset variable", spec("  ssh:\n    keyFile: ${KEY_DIR}/id_ed25519\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.keyFile: environment variable KEY_DIR is not set (export it, or"
                                + " write $$ for a literal $)"),
                Arguments.of("key file with ~", spec(CP1 + "      ssh:\n        keyFile: ~/.ssh/id_ed25519\n"),
                        "cluster.yaml:11: Cluster.spec.nodes[0].ssh.keyFile: \"~/.ssh/id_ed25519\" is not an absolute path"
                                + " (write ${HOME}/.ssh/... rather than ~/.ssh/...)"),
                Arguments.of("bad variable reference", spec("  ssh:\n    keyFile: ${1DIR}/id\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.ssh.keyFile: \"${1DIR}\" is not a variable reference (names are"
                                + " letters, digits and _; write $$ for a literal $)"),
                Arguments.of("unknown service manager", spec("  serviceManager:\n    type: runit\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.serviceManager.type: \"runit\" is not one of systemd, openrc, commands"),
                Arguments.of("commands without stop", spec("  serviceManager:\n    type: commands\n    start: a\n"
                        + "    status: c\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.serviceManager: \"stop\" is required"),
                Arguments.of("commands with systemd", spec("  serviceManager:\n    start: kubelet &\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.serviceManager.start: only used with type: commands (type is systemd)"),
                Arguments.of("kubeadm block sets the version", spec("  kubeadm:\n    kubernetesVersion: v1.33.0\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.kubeadm.kubernetesVersion: not allowed in the embedded kubeadm block;"
                                + " set spec.kubernetesVersion"),
                Arguments.of("kubeadm block disables dns", spec("  kubeadm:\n    dns:\n      disabled: true\n" + CP1),
                        "cluster.yaml:8: Cluster.spec.kubeadm.dns: \"disabled\" is not allowed in the embedded kubeadm"
                                + " block; set spec.addons.coreDNS.enabled"),
                Arguments.of("kubeadm block bad value", spec("  kubeadm:\n    certificatesDir: pki\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.kubeadm.certificatesDir: \"pki\" is not an absolute path"),
                Arguments.of("addon typo", spec("  addons:\n    coreDNS:\n      enable: false\n" + CP1),
                        "cluster.yaml:8: Cluster.spec.addons.coreDNS.enable: unknown field \"enable\" (known fields: enabled)"),
                Arguments.of("flannel without a pod subnet", spec("  addons:\n    cni:\n      type: flannel\n" + CP1),
                        "cluster.yaml:8: Cluster.spec.addons.cni.type: flannel needs spec.networking.podSubnet (the"
                                + " pods' addresses, such as 10.244.0.0/16): without it no node is given a pod range;"
                                + " set it, or set type: none"),
                Arguments.of("calico on an IPv6 pod subnet", spec("  networking:\n    podSubnet: fd00:10:244::/56\n"
                        + "  addons:\n    cni:\n      type: calico\n" + CP1),
                        "cluster.yaml:10: Cluster.spec.addons.cni.type: calico needs an IPv4 range in"
                                + " spec.networking.podSubnet (for the default IPv4 pool), which is \"fd00:10:244::/56\":"
                                + " add one (such as 10.244.0.0/16,fd00:10:244::/56), or set type: none and install an"
                                + " IPv6 pod network yourself"),
                Arguments.of("unknown CNI", spec("  addons:\n    cni:\n      type: cilium\n" + CP1),
                        "cluster.yaml:8: Cluster.spec.addons.cni.type: \"cilium\" is not one of flannel, calico, none"),
                Arguments.of("prepare typo", spec("  prepare:\n    swapOff: true\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.prepare.swapOff: unknown field \"swapOff\" (known fields: binaries, "
                                + "containerd, enabled, extraSysctls, kernelModules, kubelet, openFirewall, selinux, swap, "
                                + "sysctls)"),
                Arguments.of("binaries missing", spec("  prepare:\n    binaries: /nonexistent/bin\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.prepare.binaries: /nonexistent/bin: no such directory on this "
                                + "machine (the binaries prepare installs, with SHA256SUMS)"),
                Arguments.of("not a sysctl key", spec("  prepare:\n    extraSysctls:\n      inotify: \"8192\"\n" + CP1),
                        "cluster.yaml:8: Cluster.spec.prepare.extraSysctls: \"inotify\" is not a sysctl key (dotted, such "
                                + "as fs.inotify.max_user_instances)"),
                Arguments.of("mirror not a URL", spec("  registries:\n    docker.io: [mirror.example]\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.registries.docker.io[0]: mirror \"mirror.example\" must be an "
                                + "http:// or https:// URL"),
                Arguments.of("registry without mirrors", spec("  registries:\n    quay.io: []\n" + CP1),
                        "cluster.yaml:7: Cluster.spec.registries.quay.io: registry quay.io lists no mirror"),
                Arguments.of("invalid YAML", spec("  nodes:\n    - name: cp1\n     address: x\n"),
                        "cluster.yaml:8: invalid YAML: expected <block end>, but found '<block mapping start>'"),
                Arguments.of("two documents", spec(CP1) + "---\n" + spec(CP1),
                        "cluster.yaml: a cluster file holds exactly one document (kind: Cluster), found 2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsNamedWithFileLineAndField(String kind, String text, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> read(text));
        assertEquals(message, e.getMessage());
    }

    @Test
    void exampleReadsBackWithTheDefaults() {
        ClusterFile file = read(ClusterFile.example());
        assertEquals("lab", file.name());
        assertEquals("v1.37.1", file.kubeadm().kubernetesVersion().toString());
        assertEquals("lab", file.kubeadm().clusterName());
        assertEquals("10.96.0.0/12", file.kubeadm().networking().serviceSubnet());
        assertEquals("cluster.local", file.kubeadm().networking().dnsDomain());
        assertEquals("registry.k8s.io", file.kubeadm().imageRepository());
        assertEquals("", file.kubeadm().controlPlaneEndpoint());
        assertEquals("systemd", file.serviceManager().create().kind());
        assertEquals(10, file.concurrency());
        // A new file installs flannel on the pod subnet it sets; prepare is on, no mirrors.
        assertEquals(new ClusterFile.Addons(true, true, ClusterFile.Cni.FLANNEL), file.addons());
        assertEquals("10.244.0.0/16", file.kubeadm().networking().podSubnet());
        assertEquals(PrepareSpec.DEFAULT, file.prepare());
        assertTrue(file.registries().isEmpty());
        assertFalse(file.kubeadm().dns().disabled());
        assertFalse(file.kubeadm().proxyDisabled());
        assertEquals(List.of("cp1"), file.controlPlanes().stream().map(ClusterNode::name).toList());
        assertEquals(List.of("worker1", "worker2"), file.workers().stream().map(ClusterNode::name).toList());
        ClusterNode worker2 = file.nodes().get(2);
        assertEquals(new SshSettings("admin", 2222, HOME + "/.ssh/id_ed25519", List.of(), null,
                HOME + "/.ssh/known_hosts", false), worker2.ssh());
        assertEquals("admin@10.211.0.22:2222", worker2.target().toString());
        assertEquals("root@10.211.0.11:22", file.firstControlPlane().target().toString());
        assertEquals(List.of(HOME.resolve(".ssh/id_ed25519")), worker2.ssh().toConnectOptions().identityFiles());
    }

    @Test
    void variablesAreSubstitutedAsIfWrittenThere() {
        ClusterFile file = read(spec("""
                  serviceManager:
                    type: commands
                    start: "echo $$SERVICE up"
                    stop: pkill -x $$SERVICE
                    status: "test ${SSH_PORT} = 2222"
                  ssh:
                    port: ${SSH_PORT}
                    user: "${SSH_PORT}"
                """ + CP1));
        assertEquals(2222, file.firstControlPlane().ssh().port());
        assertEquals("2222", file.firstControlPlane().ssh().user());
        assertEquals(new ServiceManagerSpec("commands", "echo $SERVICE up", "pkill -x $SERVICE", "test 2222 = 2222"),
                file.serviceManager());
        assertEquals("commands", file.serviceManager().create().kind());
    }

    @Test
    void addonsHighAvailabilityAndKubeadmOverridesReachTheKubeadmConfiguration() {
        ClusterFile file = read(spec("""
                  controlPlaneEndpoint: lb.lab.internal:6443
                  addons:
                    coreDNS: {enabled: false}
                    kubeProxy: {enabled: false}
                  kubeadm:
                    apiServer:
                      certSANs: [lb.lab.internal]
                    dns:
                      imageTag: v1.12.1
                  ssh:
                    jumpHosts: [ops@bastion:2200]
                """ + CP1 + """
                    - {name: cp2, address: cp2.lab.internal, role: control-plane, ssh: {jumpHosts: []}}
                """));
        assertTrue(file.kubeadm().dns().disabled());
        assertEquals("v1.12.1", file.kubeadm().dns().imageTag());
        assertTrue(file.kubeadm().proxyDisabled());
        assertEquals(List.of("lb.lab.internal"), file.kubeadm().apiServer().certSANs());
        assertEquals("lb.lab.internal:6443", file.kubeadm().controlPlaneEndpoint());
        assertEquals(ClusterFile.Cni.NONE, file.addons().cni(), "no CNI unless the file asks for one");
        assertEquals(List.of("ops@bastion:2200"), file.firstControlPlane().ssh().toConnectOptions().jumpHosts());
        assertEquals(List.of(), file.controlPlanes().get(1).ssh().jumpHosts());
    }
}
