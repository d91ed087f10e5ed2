package dev.bootstrap.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.ForwardingHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.Requirements;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real gather script on this machine through LocalHost: the parsed facts must equal what Java
 * reads itself. True facts, not just "it parsed".
 */
class LocalGatherTest {

    private static String read(String path) throws IOException {
        return Files.readString(Path.of(path)).strip();
    }

    private static String statusField(String field) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field + ":"))
                .findFirst().orElseThrow().substring(field.length() + 1).strip();
    }

    /** CPUs in this process's affinity mask (what nproc and Go's runtime.NumCPU count). */
    private static int allowedCpus() throws IOException {
        int count = 0;
        for (String range : statusField("Cpus_allowed_list").split(",")) {
            String[] ends = range.split("-");
            count += ends.length == 1 ? 1 : Integer.parseInt(ends[1]) - Integer.parseInt(ends[0]) + 1;
        }
        return count;
    }

    /** Facts for anything but preflight leave the kernel's configs alone (reading them may load a module). */
    @Test
    void factsNotForPreflightReadNoKernelConfig() {
        try (LocalHost host = new LocalHost()) {
            assertFalse(new FactsGatherer().gather(host).kernelConfig().probed());
        }
    }

    @Test
    void factsOfThisMachineAreTrue() throws IOException {
        try (LocalHost host = new LocalHost()) {
            Instant before = Instant.now();
            NodeFacts f = new FactsGatherer().gather(host, ClusterSetup.defaults(), PreflightRole.WORKER);
            Instant after = Instant.now();

            assertEquals(read("/proc/sys/kernel/osrelease"), f.kernel());
            assertEquals(read("/proc/sys/kernel/hostname"), f.hostname());
            assertEquals(read("/proc/1/comm"), f.pid1());
            assertEquals(Integer.parseInt(statusField("Uid").split("\\s+")[1]), f.euid());
            assertEquals(allowedCpus(), f.cpus());
            long cpuinfo = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("processor")).count();
            assertTrue(f.cpus() >= 1 && f.cpus() <= cpuinfo, f.cpus() + " CPUs of " + cpuinfo);
            long memKiB = Long.parseLong(Files.readAllLines(Path.of("/proc/meminfo")).get(0).split("\\s+")[1]);
            assertEquals(memKiB, f.memTotalKiB());
            assertEquals(Files.readAllLines(Path.of("/proc/swaps")).size() - 1, f.activeSwaps().size());
            assertEquals(Optional.of(read("/proc/sys/net/ipv4/ip_forward")), f.sysctl("net/ipv4/ip_forward"));
            String fsType = Files.getFileStore(Path.of("/sys/fs/cgroup")).type();
            assertEquals(fsType.equals("cgroup2"), f.cgroupV2(), "stat -f says " + f.cgroupFsType() + ", Java " + fsType);
            assertEquals(FactsParser.osRelease(Files.readAllLines(Path.of(
                    Files.exists(Path.of("/etc/os-release")) ? "/etc/os-release" : "/usr/lib/os-release"))), f.osRelease());
            for (var module : f.modules().entrySet()) {
                if (Files.isDirectory(Path.of("/sys/module", module.getKey()))) {
                    assertTrue(module.getValue().present(), module.toString());
                }
            }
            for (String tool : List.of("conntrack", "socat", "ethtool", "ebtables", "ipset", "tar", "ip", "iptables",
                    "mount", "nsenter", "tc", "touch", "crictl")) {
                assertEquals(onPath(tool), f.tool(tool), tool);
            }
            if (onPath("crictl").isEmpty()) {
                assertEquals(List.of(), f.criStatuses(), "without crictl no runtime is asked");
            }
            assertTrue(f.kernelConfig().probed());
            Path procConfig = Path.of("/proc/config.gz");
            if (Files.exists(procConfig)) {
                // The first file system-validators reads, cross-checked with Java's own gunzip.
                assertEquals("/proc/config.gz", f.kernelConfig().source());
                assertEquals(kernelConfigOptions(procConfig), f.kernelConfig().options());
            }
            Set<String> interfaceAddresses = new java.util.HashSet<>();
            for (var nic : java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces())) {
                nic.inetAddresses().forEach(a -> interfaceAddresses.add(a.getHostAddress().replaceFirst("%.*$", "")));
            }
            for (String address : f.addresses()) {
                assertTrue(interfaceAddresses.stream().anyMatch(a -> parse(a).equals(parse(address))),
                        address + " is an address of this machine: " + interfaceAddresses);
            }
            // The node's clock read during the round trip.
            Instant nodeTime = f.nodeTime().orElseThrow();
            assertFalse(nodeTime.isBefore(before.minusMillis(5)) || nodeTime.isAfter(after.plusMillis(5)),
                    nodeTime + " not within " + before + " .. " + after);
            assertTrue(f.clockOffset().orElseThrow().abs().compareTo(Duration.between(before, after)) <= 0);
        }
    }

    private static InetAddress parse(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError("not an address literal: " + literal, e);
        }
    }

    /** The options gather-facts.sh reports, read from a gzipped kernel config. */
    private static Map<String, String> kernelConfigOptions(Path gzipped) throws IOException {
        Pattern wanted = Pattern.compile("^(CONFIG_(?:" + KernelConfigs.gathered() + "))=([myn])");
        Map<String, String> options = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gzipped)),
                StandardCharsets.UTF_8))) {
            in.lines().map(wanted::matcher).filter(Matcher::find).forEach(m -> options.put(m.group(1), m.group(2)));
        }
        return options;
    }

    private static Optional<String> onPath(String tool) {
        return Arrays.stream(System.getenv("PATH").split(":")).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst().map(Path::toString);
    }

    @Test
    void aPortWeListenOnIsSeenAsInUse() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NodeFacts f = new FactsGatherer().gather(new LocalHost());
            assertTrue(Fixtures.listeningPorts(f).contains(listener.getLocalPort()),
                    listener.getLocalPort() + " in " + Fixtures.listeningPorts(f));
        }
    }

    @Test
    void aUnixSocketAnswersOnlyWhileSomethingListens(@TempDir Path dir) throws IOException {
        Path socket = dir.resolve("containerd-test.sock");
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        Set<String> listening = listeners();
        assertTrue(listening.contains(socket.toString()), socket + " in " + listening);
        server.close(); // the socket file stays, like a crashed daemon's
        assertTrue(Files.exists(socket));
        assertFalse(listeners().contains(socket.toString()), "a socket file nobody listens on does not answer");
    }

    private static Set<String> listeners() {
        String out = new LocalHost().run(FactsGatherer.loadScript(), Duration.ofSeconds(30)).stdout();
        return FactsParser.listeningUnixSockets(FactsParser.sections(out).get("unix-listeners"));
    }

    @Test
    void rootfsDecidesWhichKubernetesFilesExist(@TempDir Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("etc/kubernetes/pki"));
        Files.writeString(rootfs.resolve("etc/kubernetes/kubelet.conf"), "apiVersion: v1\n");
        Files.writeString(rootfs.resolve("etc/kubernetes/pki/ca.crt"), "");
        Files.createDirectories(rootfs.resolve("var/lib/etcd/member"));
        NodeFacts f = new FactsGatherer().gather(new LocalHost("localhost", rootfs));
        assertEquals(Set.of("/etc/kubernetes/kubelet.conf", "/etc/kubernetes/pki/ca.crt"), f.existingFiles());
        assertEquals(new NodeFacts.DirState("/var/lib/etcd", "nonempty"), f.etcdDir());
        List<CheckResult> worker = CheckCatalog.judge(f, PreflightRole.WORKER, PreflightOptions.defaults());
        assertFalse(Fixtures.result(worker, "FileAvailable--etc-kubernetes-kubelet.conf").passed());
        assertTrue(Fixtures.result(worker, "FileAvailable--etc-kubernetes-bootstrap-kubelet.conf").passed());
        Path empty = rootfs.resolve("empty");
        Files.createDirectories(empty.resolve("var/lib/etcd"));
        assertEquals("empty", new FactsGatherer().gather(new LocalHost("localhost", empty)).etcdDir().state());
        assertEquals(Set.of(), new FactsGatherer().gather(new LocalHost("localhost", empty)).existingFiles());
    }

    @Test
    void theConfiguredEtcdDataDirAndExternalEtcdFilesAreProbedUnderTheRootfs(@TempDir Path rootfs) throws IOException {
        Files.createDirectories(rootfs.resolve("data/etcd $(touch pwned)/member"));
        ClusterSetup stacked = setup("etcd:\n  local:\n    dataDir: \"/data/etcd $(touch pwned)\"\n");
        NodeFacts f = new FactsGatherer().gather(new LocalHost("localhost", rootfs), stacked, PreflightRole.CONTROL_PLANE);
        assertEquals(new NodeFacts.DirState("/data/etcd $(touch pwned)", "nonempty"), f.etcdDir());
        assertEquals("/data/etcd $(touch pwned) is not empty", Fixtures.result(CheckCatalog.judge(f, PreflightRole.CONTROL_PLANE,
                Fixtures.withCluster(PreflightOptions.defaults(), stacked)), "DirAvailable--data-etcd $(touch pwned)")
                .message());
        assertFalse(Files.exists(rootfs.resolve("pwned")) || Files.exists(Path.of("pwned")), "the path ran nothing");

        Files.createDirectories(rootfs.resolve("etc/etcd"));
        Files.writeString(rootfs.resolve("etc/etcd/ca.crt"), "");
        ClusterSetup external = setup("etcd:\n  external:\n    endpoints: [http://127.0.0.1:1]\n"
                + "    caFile: /etc/etcd/ca.crt\n    certFile: /etc/etcd/client.crt\n    keyFile: /etc/etcd/client.key\n");
        NodeFacts e = new FactsGatherer().gather(new LocalHost("localhost", rootfs), external, PreflightRole.CONTROL_PLANE);
        assertEquals(new NodeFacts.DirState("", ""), e.etcdDir(), "no stacked etcd: no data directory");
        assertEquals(Set.of("/etc/etcd/ca.crt"), e.existingFiles());
        assertEquals(1, e.etcdVersions().size(), "the first control plane asks the endpoint");
        assertEquals(List.of(), new FactsGatherer().gather(new LocalHost("localhost", rootfs), external, PreflightRole.WORKER)
                .etcdVersions(), "a worker (and a joining control plane) does not");
    }

    @Test
    void anExternalEtcdsVersionIsAskedFromTheNodeWithCurl(@TempDir Path dir) throws Exception {
        Requirements.requireTool("curl");
        int client = ApiServerStandIn.freePort();
        int peer = ApiServerStandIn.freePort();
        int closed = ApiServerStandIn.freePort();
        String endpoint = "http://127.0.0.1:" + client;
        Process etcd = new ProcessBuilder(Requirements.requireTool("etcd").toString(), "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", endpoint, "--advertise-client-urls", endpoint,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "default=http://127.0.0.1:" + peer, "--logger=zap", "--log-outputs=stderr")
                .redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        try {
            String real = new String(new ProcessBuilder(Requirements.requireTool("etcd").toString(), "--version").start()
                    .getInputStream().readAllBytes()).lines().findFirst().orElseThrow().replace("etcd Version: ", "");
            ClusterSetup external = setup("etcd:\n  external:\n    endpoints: [" + endpoint + "/, http://127.0.0.1:" + closed + "]\n");
            NodeFacts f = null;
            for (int i = 0; i < 100; i++) {
                f = new FactsGatherer().gather(new LocalHost(), external, PreflightRole.CONTROL_PLANE);
                if (f.etcdVersions().get(0).curlExit().equals(Optional.of(0))) {
                    break;
                }
                Thread.sleep(100);
            }
            List<CheckResult> versions = CheckCatalog.judge(f, PreflightRole.CONTROL_PLANE,
                            Fixtures.withCluster(PreflightOptions.defaults(), external))
                    .stream().filter(r -> r.name().equals("ExternalEtcdVersion")).toList();
            assertEquals(2, versions.size(), versions.toString());
            String minimum = VersionTable.of(KubernetesVersion.DEFAULT).minor().minExternalEtcdVersion();
            boolean supported = KubernetesVersion.RELEASE_ORDER.compare(KubernetesVersion.require(real),
                    KubernetesVersion.require(minimum)) >= 0;
            assertEquals(supported, versions.get(0).passed(), versions.get(0).message());
            assertEquals(supported ? endpoint + "/ runs etcd " + real : "this version of kubeadm only supports external etcd "
                    + "version >= " + minimum + ". Current version: " + real, versions.get(0).message());
            assertTrue(versions.get(1).fatal());
            assertTrue(versions.get(1).message().startsWith("Get \"http://127.0.0.1:" + closed + "/version\": curl: (7) "),
                    versions.get(1).message());
        } finally {
            etcd.destroy();
            etcd.waitFor();
        }
    }

    private static ClusterSetup setup(String cluster) {
        return ClusterSetup.of(KubeadmConfigReader.readInit("test.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\n" + cluster, InitFlags.NONE));
    }

    @Test
    void aShellThatFailsBeforeTheScriptEndsIsAnErrorWithItsStderr() {
        // What a refused "sudo -n" looks like: nothing on stdout, a reason on stderr, exit 1.
        Host refusing = new RunPrefixedHost("node9", "echo 'sudo: a password is required' >&2; exit 1\n");
        HostException e = assertThrows(HostException.class, () -> new FactsGatherer().gather(refusing));
        assertEquals("[node9] gathering preflight facts failed (exit 1) before the script finished\n"
                + "sudo: a password is required", e.getMessage());
    }

    /** This machine, with a shell line run before every command (as a remote login shell might). */
    private static final class RunPrefixedHost extends ForwardingHost {

        private final String name;
        private final String prefix;

        RunPrefixedHost(String name, String prefix) {
            super(new LocalHost());
            this.name = name;
            this.prefix = prefix;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public CommandResult run(String command, Duration timeout) {
            return host.run(prefix + command, timeout);
        }
    }
}
