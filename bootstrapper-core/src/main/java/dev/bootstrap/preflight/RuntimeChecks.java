package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.preflight.NodeFacts.RuntimeConfig;
import dev.bootstrap.preflight.NodeFacts.RuntimeSocket;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The container runtime: one answers (CRI), it is unambiguous (CRISocket), and its cgroup driver is
 * the kubelet's (CgroupDriver). "Answers" means a process listens on the socket (/proc/net/unix) and,
 * where the node has crictl, its CRI Status says RuntimeReady.
 */
final class RuntimeChecks {

    /** The cgroup driver bootstrap configures the kubelet with (kubeadm's default since 1.22). */
    static final String KUBELET_CGROUP_DRIVER = "systemd";
    static final String CONTAINERD_CONFIG = "/etc/containerd/config.toml";
    static final String DOCKER_DAEMON_JSON = "/etc/docker/daemon.json";

    private RuntimeChecks() {
    }

    /**
     * kubeadm's ContainerRuntimeVersion (1.35+): the runtime must implement the CRI RuntimeConfig call, through
     * which kubelets from 1.37/1.38 learn the cgroup driver. kubeadm asks the RPC; here the runtime's version
     * tells (containerd from 2.0, CRI-O from 1.28; cri-dockerd has none: docs/kubeadm-compat.md). A warning, or
     * an error for a kubelet of the release's {@code runtimeConfigErrorFromKubelet} minor or newer.
     */
    static Check containerRuntimeVersion(VersionTable.Release target) {
        String name = "ContainerRuntimeVersion";
        return Check.of(name, f -> {
            Optional<ContainerRuntime> chosen = ContainerRuntime.select(f);
            Optional<String> version = chosen.flatMap(r -> f.criVersion(r.socket()));
            if (chosen.isEmpty() || version.isEmpty()) {
                return CheckResult.pass(name, Severity.WARNING, chosen.isEmpty() ? "no runtime selected (see CRI)"
                        : "the runtime's version could not be asked (no crictl or no answer)");
            }
            if (supportsRuntimeConfig(chosen.get(), version.get())) {
                return CheckResult.pass(name, Severity.WARNING, version.get() + " supports the RuntimeConfig CRI call");
            }
            int errorFrom = target.minor().runtimeConfigErrorFromKubelet();
            boolean error = errorFrom > 0 && f.kubeletRelease().filter(k -> k.major() == 1 && k.minor() >= errorFrom)
                    .isPresent();
            return CheckResult.fail(name, error ? Severity.ERROR : Severity.WARNING, "the container runtime (" + version.get()
                    + ") does not support the RuntimeConfig CRI call; kubelets from v1." + (errorFrom > 0 ? errorFrom : 37)
                    + " need it to learn the cgroup driver", "upgrade to containerd 2.0 or newer, or CRI-O 1.28 or newer");
        });
    }

    static boolean supportsRuntimeConfig(ContainerRuntime runtime, String nameAndVersion) {
        Optional<KubernetesVersion> v = KubernetesVersion.parse(nameAndVersion.substring(nameAndVersion.indexOf(' ') + 1)
                .replaceFirst("^v", ""));
        return switch (runtime) {
            case CONTAINERD -> v.filter(x -> x.major() >= 2).isPresent();
            case CRIO -> v.filter(x -> x.major() > 1 || (x.major() == 1 && x.minor() >= 28)).isPresent();
            case CRI_DOCKERD -> false;
        };
    }

    static Check cri() {
        return Check.of("CRI", f -> {
            List<ContainerRuntime> found = ContainerRuntime.listening(f);
            Optional<ContainerRuntime> chosen = ContainerRuntime.select(f);
            if (chosen.isPresent()) {
                return chosenRuntime(f, chosen.get());
            }
            if (!found.isEmpty()) {
                return CheckResult.pass("CRI", Severity.ERROR, found.size() + " runtimes answer: " + labels(found)
                        + " (which one to use: see CRISocket)");
            }
            Optional<ContainerRuntime> dead = java.util.Arrays.stream(ContainerRuntime.values())
                    .filter(r -> r.on(f).map(RuntimeSocket::exists).orElse(false)).findFirst();
            if (dead.isPresent()) {
                return CheckResult.fail("CRI", Severity.ERROR, "container runtime is not running: cannot connect to "
                        + dead.get().endpoint() + ": the socket exists but nothing listens on it. Is the "
                        + dead.get().service() + " daemon running?", f.osFamily().enableService(dead.get().service()));
            }
            Optional<RuntimeSocket> docker = ContainerRuntime.find(f, ContainerRuntime.DOCKER_SOCKET).filter(RuntimeSocket::exists);
            if (docker.isPresent() && !docker.get().listening()) {
                return dockerDown(f);
            }
            if (docker.isPresent()) {
                return CheckResult.fail("CRI", Severity.ERROR, "Docker is running, but Docker is not a CRI runtime since "
                        + "Kubernetes 1.24 and neither containerd nor cri-dockerd answers",
                        "install cri-dockerd and run 'systemctl enable --now cri-docker.socket', or let Docker's "
                                + "containerd serve CRI (remove \"cri\" from disabled_plugins in " + CONTAINERD_CONFIG + ")");
            }
            return CheckResult.fail("CRI", Severity.ERROR, "no container runtime found: none of "
                    + java.util.Arrays.stream(ContainerRuntime.values()).map(ContainerRuntime::endpoint)
                            .collect(Collectors.joining(", ")) + " exists",
                    f.osFamily().install(List.of("containerd")) + " && " + f.osFamily().enableService("containerd"));
        });
    }

    private static CheckResult chosenRuntime(NodeFacts f, ContainerRuntime runtime) {
        if (runtime == ContainerRuntime.CONTAINERD && f.runtimeConfig().containerdCriDisabled()) {
            return CheckResult.fail("CRI", Severity.ERROR, "containerd answers but its CRI plugin is disabled "
                    + "(disabled_plugins = [\"cri\"] in " + CONTAINERD_CONFIG + ", as Docker's containerd.io package ships it)",
                    "containerd config default > " + CONTAINERD_CONFIG + ", set SystemdCgroup = true in it, "
                            + "then systemctl restart containerd");
        }
        if (runtime == ContainerRuntime.CRI_DOCKERD && !ContainerRuntime.dockerListening(f)) {
            return dockerDown(f);
        }
        return readiness(f, runtime);
    }

    /**
     * kubeadm's CRI check proper: the Status RPC answers and RuntimeReady is not false (NetworkReady is
     * ignored: no CNI is installed before init). Asked through crictl info; without crictl only the
     * listening socket is known.
     */
    private static CheckResult readiness(NodeFacts f, ContainerRuntime runtime) {
        String answers = runtime.label() + " answers at " + runtime.endpoint();
        if (f.tool("crictl").isEmpty()) {
            return CheckResult.pass("CRI", Severity.ERROR, answers + "; whether it is ready could not be asked (no crictl "
                    + "on the node)");
        }
        Optional<NodeFacts.CriStatus> status = f.criStatus(runtime.socket());
        if (status.isEmpty()) {
            return CheckResult.pass("CRI", Severity.ERROR, answers + "; whether it is ready was not asked (crictl info "
                    + "did not run)");
        }
        String logs = "see why with 'journalctl -u " + runtime.service() + " -n 50', fix that, then 'systemctl restart "
                + runtime.service() + "'";
        if (!status.get().answered()) {
            return CheckResult.fail("CRI", Severity.ERROR, "container runtime is not running: crictl info on "
                    + runtime.endpoint() + " failed (exit " + status.get().exit() + "): " + status.get().error(), logs);
        }
        NodeFacts.CriCondition ready = status.get().conditions().get("RuntimeReady");
        if (ready != null && !ready.status()) {
            return CheckResult.fail("CRI", Severity.ERROR, "container runtime is not running: container runtime condition "
                    + "\"RuntimeReady\" is not true. reason: " + ready.reason() + ", message: " + ready.message(), logs);
        }
        return CheckResult.pass("CRI", Severity.ERROR, answers + (ready == null ? " (no RuntimeReady condition reported)"
                : " and is ready (RuntimeReady)"));
    }

    private static CheckResult dockerDown(NodeFacts f) {
        return CheckResult.fail("CRI", Severity.ERROR, "Cannot connect to the Docker daemon at unix://"
                + ContainerRuntime.DOCKER_SOCKET + ". Is the docker daemon running?", f.osFamily().enableService("docker"));
    }

    /** kubeadm's rule for several CRI endpoints, with "Docker wins" where it applies. */
    static Check criSocket() {
        return Check.of("CRISocket", f -> {
            List<ContainerRuntime> found = ContainerRuntime.listening(f);
            if (ContainerRuntime.dockerWins(found, f)) {
                return CheckResult.fail("CRISocket", Severity.WARNING, "containerd and cri-dockerd both answer; Docker "
                        + "is running and ships that containerd, so Docker (" + ContainerRuntime.CRI_DOCKERD.endpoint()
                        + ") is used. kubeadm alone would stop here; bootstrap writes criSocket explicitly",
                        "to use containerd instead, stop Docker and cri-dockerd: systemctl disable --now docker cri-docker.socket");
            }
            if (found.size() > 1) {
                return CheckResult.fail("CRISocket", Severity.ERROR, "found multiple CRI endpoints on the host. Please "
                        + "define which one do you wish to use by setting the 'criSocket' field in the kubeadm "
                        + "configuration file: " + found.stream().map(ContainerRuntime::endpoint).collect(Collectors.joining(", ")),
                        "stop and disable the runtime you do not want, e.g. 'systemctl disable --now "
                                + found.get(found.size() - 1).service() + "'");
            }
            return CheckResult.pass("CRISocket", Severity.ERROR, found.isEmpty() ? "no CRI endpoint answers (see CRI)"
                    : "one CRI endpoint: " + found.get(0).endpoint());
        });
    }

    /** A runtime on cgroupfs under a systemd kubelet gives "the kubelet isn't running or healthy". */
    static Check cgroupDriver() {
        return Check.of("CgroupDriver", f -> {
            RuntimeConfig c = f.runtimeConfig();
            boolean dockerPresent = ContainerRuntime.find(f, ContainerRuntime.DOCKER_SOCKET).map(RuntimeSocket::exists).orElse(false);
            if (dockerPresent && !c.dockerDaemonJsonError().isEmpty()) {
                return CheckResult.fail("CgroupDriver", Severity.ERROR, DOCKER_DAEMON_JSON + " is not valid JSON ("
                        + c.dockerDaemonJsonError() + "); dockerd will not start", "fix the JSON syntax in " + DOCKER_DAEMON_JSON);
            }
            Optional<ContainerRuntime> chosen = ContainerRuntime.select(f);
            if (chosen.isEmpty()) {
                return CheckResult.pass("CgroupDriver", Severity.ERROR, "no single runtime to compare with (see CRI)");
            }
            String driver;
            String source;
            String fix;
            switch (chosen.get()) {
                case CONTAINERD -> {
                    driver = c.containerdSystemdCgroup().orElse(false) ? "systemd" : "cgroupfs";
                    source = c.containerdSystemdCgroup().isPresent() ? "SystemdCgroup = " + c.containerdSystemdCgroup().get()
                            + " in " + CONTAINERD_CONFIG : "SystemdCgroup is not set in " + CONTAINERD_CONFIG + " (default false)";
                    fix = "set SystemdCgroup = true in the runc options of " + CONTAINERD_CONFIG + " (create it with "
                            + "'containerd config default' if missing), then systemctl restart containerd";
                }
                case CRIO -> {
                    driver = c.crioCgroupManager().orElse("systemd");
                    source = c.crioCgroupManager().isPresent() ? "cgroup_manager = \"" + driver + "\"" : "CRI-O's default";
                    fix = "set cgroup_manager = \"systemd\" in /etc/crio/crio.conf.d/, then systemctl restart crio";
                }
                default -> {
                    driver = c.dockerCgroupDriver().orElse(f.cgroupV2() ? "systemd" : "cgroupfs");
                    source = c.dockerCgroupDriver().isPresent() ? "exec-opts in " + DOCKER_DAEMON_JSON
                            : "Docker's default on cgroups " + (f.cgroupV2() ? "v2" : "v1");
                    fix = "add \"exec-opts\": [\"native.cgroupdriver=systemd\"] to " + DOCKER_DAEMON_JSON
                            + ", then systemctl restart docker";
                }
            }
            String found = chosen.get().label() + " uses the " + driver + " cgroup driver (" + source + ")";
            return driver.equals(KUBELET_CGROUP_DRIVER)
                    ? CheckResult.pass("CgroupDriver", Severity.ERROR, found)
                    : CheckResult.fail("CgroupDriver", Severity.ERROR, found + " but the kubelet uses "
                            + KUBELET_CGROUP_DRIVER + "; the kubelet would not become healthy", fix);
        });
    }

    private static String labels(List<ContainerRuntime> runtimes) {
        return runtimes.stream().map(ContainerRuntime::label).collect(Collectors.joining(", "));
    }
}
