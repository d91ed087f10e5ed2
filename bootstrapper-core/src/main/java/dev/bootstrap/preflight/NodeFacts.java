package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one node looks like, as gathered by gather-facts.sh and read by {@link FactsParser}. Only
 * facts, no verdicts: the checks judge them. A value the node could not report is empty/absent.
 *
 * @param host              the host's name in reports
 * @param osRelease         /etc/os-release as key/value (quotes removed)
 * @param kernel            kernel release (uname -r)
 * @param pid1              command name of PID 1 (/proc/1/comm): systemd, init, system-docker ...
 * @param euid              effective uid the facts were gathered as, -1 when unknown
 * @param cpus              CPUs available to processes (nproc), 0 when unknown
 * @param memTotalKiB       MemTotal from /proc/meminfo in KiB, 0 when unknown
 * @param activeSwaps       devices/files in /proc/swaps
 * @param fstabSwaps        uncommented swap lines in /etc/fstab
 * @param cgroupFsType      file system type of /sys/fs/cgroup: cgroup2fs (v2) or tmpfs (v1)
 * @param cgroupControllers enabled controllers (v2: cgroup.controllers, v1: /proc/cgroups)
 * @param modules           kernel module name to its state
 * @param sysctls           /proc/sys path ("net/ipv4/ip_forward") to value; absent when the file is
 * @param tools             required tool to its path on PATH; absent tools are not in the map
 * @param sockets           container runtime sockets probed, in probe order
 * @param criStatuses       what each CRI socket answered to crictl info; empty without crictl
 * @param criVersions       each answering CRI socket's runtime name and version ("containerd v2.0.4"),
 *                          where crictl could ask
 * @param runtimeConfig     cgroup driver settings of the runtimes
 * @param kubeletVersion    "v1.31.2" from kubelet --version, empty when no kubelet on PATH
 * @param kubeletService    systemctl is-enabled kubelet.service ("enabled", "disabled", "not-found"), "" unknown
 * @param firewalld         systemctl is-active firewalld.service ("active", "inactive"), "" unknown
 * @param selinuxEnforce    /sys/fs/selinux/enforce ("1" enforcing, "0" permissive), "" when SELinux is off
 * @param hostname          kernel hostname
 * @param hostnameResolves  whether the hostname resolved (getent hosts)
 * @param addresses         global unicast addresses (without prefix length)
 * @param listeners         TCP listening sockets (IPv4 and IPv6), by local address and port
 * @param existingFiles     files already present among those init/join would write, and the external
 *                          etcd client files the configuration names
 * @param etcdDir           the configured etcd data directory and its state
 * @param etcdVersions      what each configured external etcd endpoint answered to GET /version
 * @param kernelConfig      the kernel build options system-validators judges
 * @param cpuVirtFlags      vmx/svm when the CPU offers hardware virtualization
 * @param proxyEnv          proxy variables, lower-case names, credentials masked
 * @param nodeTime          the node's clock when the facts were gathered
 * @param observedAt        this machine's clock at the middle of the round trip
 */
public record NodeFacts(
        String host,
        Map<String, String> osRelease,
        String kernel,
        String pid1,
        int euid,
        int cpus,
        long memTotalKiB,
        List<String> activeSwaps,
        List<String> fstabSwaps,
        String cgroupFsType,
        Set<String> cgroupControllers,
        Map<String, ModuleState> modules,
        Map<String, String> sysctls,
        Map<String, String> tools,
        List<RuntimeSocket> sockets,
        List<CriStatus> criStatuses,
        Map<String, String> criVersions,
        RuntimeConfig runtimeConfig,
        Optional<String> kubeletVersion,
        String kubeletService,
        String firewalld,
        String selinuxEnforce,
        String hostname,
        boolean hostnameResolves,
        List<String> addresses,
        List<Listener> listeners,
        Set<String> existingFiles,
        DirState etcdDir,
        List<EtcdAnswer> etcdVersions,
        KernelConfig kernelConfig,
        Set<String> cpuVirtFlags,
        Map<String, String> proxyEnv,
        Optional<Instant> nodeTime,
        Instant observedAt) {

    /** How a kernel module is present. */
    public enum ModuleState {
        LOADED, BUILTIN, AVAILABLE, MISSING;

        /** Usable now, without modprobe. */
        public boolean present() {
            return this == LOADED || this == BUILTIN;
        }
    }

    /**
     * A runtime socket: whether the socket file exists and whether a process listens on it (from
     * /proc/net/unix; a socket file nobody listens on is a dead daemon).
     */
    public record RuntimeSocket(String path, boolean exists, boolean listening) {
    }

    /**
     * A CRI endpoint's answer to {@code crictl info} (the CRI Status RPC, verbose).
     *
     * @param socket       the socket path asked
     * @param exit         crictl's exit code
     * @param error        crictl's output when it failed, or why its JSON could not be read; "" otherwise
     * @param conditions   the runtime's status conditions by type (RuntimeReady, NetworkReady)
     * @param sandboxImage the pause image the runtime uses for pod sandboxes, when it reports one
     */
    public record CriStatus(String socket, int exit, String error, Map<String, CriCondition> conditions,
                            Optional<String> sandboxImage) {

        /** crictl got an answer it could read. */
        public boolean answered() {
            return exit == 0 && error.isEmpty();
        }
    }

    /** One CRI status condition. */
    public record CriCondition(String type, boolean status, String reason, String message) {
    }

    /**
     * The kernel's build options among those system-validators judges.
     *
     * @param probed     whether the facts carry the probe at all (facts recorded before it existed do not)
     * @param source     the file they were read from, "" when none was found or read
     * @param unreadable a gzipped file found but not read (no zcat or gzip on the node), or ""
     * @param options    "CONFIG_NAME" to y, m or n
     */
    public record KernelConfig(boolean probed, String source, String unreadable, Map<String, String> options) {
    }

    /**
     * Cgroup driver settings read from the runtimes' configuration files.
     *
     * @param dockerCgroupDriver       "systemd"/"cgroupfs" from daemon.json exec-opts, empty when not set
     * @param dockerDaemonJsonError    why /etc/docker/daemon.json could not be read as JSON, or ""
     * @param containerdSystemdCgroup  SystemdCgroup from config.toml, empty when not set
     * @param containerdCriDisabled    config.toml has "cri" in disabled_plugins (Docker's packaging)
     * @param crioCgroupManager        cgroup_manager from CRI-O's configuration, empty when not set
     */
    public record RuntimeConfig(Optional<String> dockerCgroupDriver, String dockerDaemonJsonError,
                                Optional<Boolean> containerdSystemdCgroup, boolean containerdCriDisabled,
                                Optional<String> crioCgroupManager) {
    }

    /**
     * A directory that must be absent or empty.
     *
     * @param state absent, empty, nonempty or notdir; "" when it was not probed
     */
    public record DirState(String path, String state) {
    }

    /**
     * One external etcd endpoint's answer to GET /version, fetched on the node with curl and the
     * configured client certificate (as kubeadm fetches it from the node).
     *
     * @param curlExit curl's exit code; empty when the node has no curl
     * @param output   the response body, or curl's error message
     */
    public record EtcdAnswer(String endpoint, Optional<Integer> curlExit, String output) {
    }

    /** A listening TCP socket: its local address ("0.0.0.0" / "::" for all) and port. */
    public record Listener(InetAddress address, int port) {

        /** Whether binding {@code port} on {@code bindAddress} (empty: all addresses) fails because of this socket. */
        public boolean blocks(int bindPort, Optional<InetAddress> bindAddress) {
            return port == bindPort && (bindAddress.isEmpty() || address.isAnyLocalAddress()
                    || bindAddress.get().isAnyLocalAddress() || address.equals(bindAddress.get()));
        }
    }

    /** The kubelet's version, when there is a kubelet and its version parses. */
    public Optional<KubernetesVersion> kubeletRelease() {
        return kubeletVersion.flatMap(KubernetesVersion::parse);
    }

    /** os-release ID ("ubuntu", "photon", ...), "" when unknown. */
    public String osId() {
        return osRelease.getOrDefault("ID", "");
    }

    /** PRETTY_NAME, or ID when there is none. */
    public String osName() {
        return osRelease.getOrDefault("PRETTY_NAME", osId());
    }

    public OsFamily osFamily() {
        return OsFamily.of(osRelease);
    }

    /**
     * The advertise address when the configuration gives none, "" when the node has no IPv4 address: kubeadm
     * takes the default route's address (ChooseAPIServerBindAddress in cmd/kubeadm/app/util/config/common.go,
     * v1.31+); init, up and a joining control plane take the first global IPv4 address the node lists.
     */
    public String firstIpv4Address() {
        return addresses.stream().filter(a -> !a.contains(":")).findFirst().orElse("");
    }

    public boolean cgroupV2() {
        return "cgroup2fs".equals(cgroupFsType);
    }

    public Optional<String> tool(String name) {
        return Optional.ofNullable(tools.get(name));
    }

    public ModuleState module(String name) {
        return modules.getOrDefault(name, ModuleState.MISSING);
    }

    public Optional<String> sysctl(String path) {
        return Optional.ofNullable(sysctls.get(path));
    }

    /** What the CRI endpoint at this socket path answered to crictl info, if it was asked. */
    public Optional<CriStatus> criStatus(String socketPath) {
        String wanted = FactsParser.canonical(socketPath);
        return criStatuses.stream().filter(s -> FactsParser.canonical(s.socket()).equals(wanted)).findFirst();
    }

    /** The runtime name and version the CRI endpoint at this socket path reported, if it was asked. */
    public Optional<String> criVersion(String socketPath) {
        String wanted = FactsParser.canonical(socketPath);
        return criVersions.entrySet().stream().filter(e -> FactsParser.canonical(e.getKey()).equals(wanted))
                .map(Map.Entry::getValue).findFirst();
    }

    /** How far the node's clock is ahead of this machine's (negative: behind). */
    public Optional<Duration> clockOffset() {
        return nodeTime.map(t -> Duration.between(observedAt, t));
    }
}
