package dev.bootstrap.preflight;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.net.DnsNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The node as a whole: user, CPUs, memory, kernel and cgroups, init system, hostname, swap, SELinux. */
final class SystemChecks {

    static final int MIN_CPUS = 2;
    static final long MIN_MEMORY_MB = 1700;
    /** kubeadm's floor (system-validators accept 3.10 and newer). */
    static final int[] MIN_KERNEL = {3, 10};
    /** Below this the kernel is immature for containers; public clouds run 4.14+. */
    static final int[] RECOMMENDED_KERNEL = {4, 14};
    static final List<String> CGROUPS_V1 = List.of("cpu", "cpuacct", "cpuset", "devices", "freezer", "memory", "pids");
    static final List<String> CGROUPS_V1_OPTIONAL = List.of("hugetlb", "blkio");
    /** system-validators also require devices and freezer on v2, which it adds itself (BPF, cgroup.freeze). */
    static final List<String> CGROUPS_V2 = List.of("cpu", "cpuset", "memory", "pids");
    static final List<String> CGROUPS_V2_OPTIONAL = List.of("hugetlb", "io");

    private static final Pattern KERNEL = Pattern.compile("^(\\d+)\\.(\\d+)");

    private SystemChecks() {
    }

    static Check isPrivilegedUser() {
        return Check.of("IsPrivilegedUser", f -> f.euid() == 0
                ? CheckResult.pass("IsPrivilegedUser", Severity.ERROR, "running as root")
                : CheckResult.fail("IsPrivilegedUser", Severity.ERROR,
                        f.euid() < 0 ? "could not determine the user (id -u failed)" : "user is not running as root",
                        "run as root, or connect as a user allowed to use sudo"));
    }

    static Check numCpu() {
        return Check.of("NumCPU", f -> f.cpus() >= MIN_CPUS
                ? CheckResult.pass("NumCPU", Severity.ERROR, f.cpus() + " CPUs")
                : CheckResult.fail("NumCPU", Severity.ERROR, "the number of available CPUs " + f.cpus()
                        + " is less than the required " + MIN_CPUS,
                        "give the node at least " + MIN_CPUS + " CPUs (a control plane needs them)"));
    }

    static Check mem() {
        return Check.of("Mem", f -> {
            long mb = f.memTotalKiB() / 1024;
            return mb >= MIN_MEMORY_MB
                    ? CheckResult.pass("Mem", Severity.ERROR, mb + " MB RAM")
                    : CheckResult.fail("Mem", Severity.ERROR, "the system RAM (" + mb + " MB) is less than the minimum "
                            + MIN_MEMORY_MB + " MB", "give the node at least 2 GB of RAM");
        });
    }

    /**
     * Kernel version, kernel config and cgroups, as kubeadm's SystemVerification (system-validators) judges them.
     * cgroup v1 is an error for a kubelet from 1.35 on where the release says so (system-validators 1.12,
     * kubeadm 1.35: the kubelet then refuses to start unless failCgroupV1 is false).
     */
    static Check systemVerification(VersionTable.Release target) {
        return Check.of("SystemVerification", f -> {
            List<String> errors = new ArrayList<>();
            List<String> warnings = new ArrayList<>();
            int[] kernel = kernelVersion(f.kernel());
            if (kernel == null) {
                errors.add("unrecognised kernel release '" + f.kernel() + "'");
            } else if (compare(kernel, MIN_KERNEL) < 0) {
                errors.add("unsupported kernel release: " + f.kernel());
            } else if (compare(kernel, RECOMMENDED_KERNEL) < 0) {
                warnings.add("kernel " + f.kernel() + " is older than 4.14: container features (overlayfs, cgroups, "
                        + "netfilter) are immature there");
            }
            List<String> missing = missing(f, f.cgroupV2() ? CGROUPS_V2 : CGROUPS_V1);
            List<String> missingOptional = missing(f, f.cgroupV2() ? CGROUPS_V2_OPTIONAL : CGROUPS_V1_OPTIONAL);
            if (f.cgroupFsType().isEmpty()) {
                errors.add("no cgroup file system at /sys/fs/cgroup");
            } else {
                if (!f.cgroupV2() && cgroupV1Fails(f, target)) {
                    errors.add("cgroups v1 support is unsupported for kubelet " + f.kubeletVersion().orElseThrow()
                            + " and newer than v1.34: migrate the node to cgroups v2, or set failCgroupV1: false in the "
                            + "KubeletConfiguration and ignore this check (--ignore-preflight-errors=SystemVerification)");
                } else if (!f.cgroupV2()) {
                    warnings.add("cgroups v1 support is in maintenance mode, please migrate to cgroups v2");
                }
                if (!missing.isEmpty()) {
                    errors.add("missing required cgroups: " + String.join(" ", missing));
                }
                if (!missingOptional.isEmpty()) {
                    warnings.add("missing optional cgroups: " + String.join(" ", missingOptional));
                }
            }
            List<String> fixes = new ArrayList<>();
            if (!errors.isEmpty() || !warnings.isEmpty()) {
                fixes.add("use a kernel >= 4.19 with cgroups v2 (systemd.unified_cgroup_hierarchy=1 on the kernel command line)");
            }
            Optional<KernelConfigs.Verdict> config = KernelConfigs.judge(f);
            config.flatMap(KernelConfigs.Verdict::error).ifPresent(e -> {
                errors.add(e);
                fixes.add(0, config.get().fix());
            });
            String facts = "kernel " + f.kernel() + ", cgroups " + (f.cgroupV2() ? "v2" : "v1")
                    + config.map(c -> "; " + c.note()).orElse("");
            String fix = String.join("; ", fixes);
            if (!errors.isEmpty()) {
                errors.addAll(warnings);
                return CheckResult.fail("SystemVerification", Severity.ERROR, String.join("; ", errors), fix);
            }
            return warnings.isEmpty()
                    ? CheckResult.pass("SystemVerification", Severity.ERROR, facts)
                    : CheckResult.fail("SystemVerification", Severity.WARNING, String.join("; ", warnings), fix);
        });
    }

    private static boolean cgroupV1Fails(NodeFacts f, VersionTable.Release target) {
        return target.has(VersionTable.Rule.CGROUP_V1_FAILS_NEW_KUBELETS)
                && f.kubeletRelease().filter(k -> k.major() == 1 && k.minor() >= 35).isPresent();
    }

    private static List<String> missing(NodeFacts f, List<String> controllers) {
        return controllers.stream().filter(c -> !f.cgroupControllers().contains(c)).toList();
    }

    /** [major, minor] of a kernel release, or null. */
    static int[] kernelVersion(String release) {
        Matcher m = KERNEL.matcher(release == null ? "" : release);
        return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
    }

    static int compare(int[] a, int[] b) {
        return a[0] != b[0] ? Integer.compare(a[0], b[0]) : Integer.compare(a[1], b[1]);
    }

    /** The failure "System has not been booted with systemd as init system (PID 1)": WSL, RancherOS. */
    static Check initSystem() {
        return Check.of("InitSystem", f -> {
            if (f.pid1().equals("systemd")) {
                return CheckResult.pass("InitSystem", Severity.ERROR, "PID 1 is systemd");
            }
            String what = f.pid1().isEmpty() ? "PID 1 could not be read (/proc/1/comm)" : "PID 1 is '" + f.pid1() + "'";
            String fix;
            if (f.kernel().toLowerCase(Locale.ROOT).contains("microsoft")) {
                fix = "WSL: add '[boot]' and 'systemd=true' to /etc/wsl.conf, then run 'wsl --shutdown' in Windows";
            } else if (f.osFamily() == OsFamily.RANCHEROS) {
                fix = "RancherOS runs system-docker as PID 1 and has no systemd: use a systemd-based OS for kubeadm nodes";
            } else {
                fix = "boot the node with systemd as init (the kubelet runs as a systemd service)";
            }
            return CheckResult.fail("InitSystem", Severity.ERROR, what + ": System has not been booted with systemd as "
                    + "init system (PID 1). Can't operate. The kubelet cannot run as a systemd service", fix);
        });
    }

    /** kubeadm: the node name (lower-cased hostname) must be a valid name and resolve. */
    static Check hostname() {
        return Check.of("Hostname", f -> {
            String name = f.hostname().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                return CheckResult.fail("Hostname", Severity.WARNING, "the hostname could not be read",
                        "set one with 'hostnamectl set-hostname NAME'");
            }
            if (!DnsNames.isSubdomain(name)) {
                return CheckResult.fail("Hostname", Severity.WARNING, "hostname \"" + f.hostname()
                        + "\" is not a valid node name: a lowercase RFC 1123 subdomain must consist of lower case "
                        + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
                        "hostnamectl set-hostname " + suggestion(name));
            }
            if (!f.hostnameResolves()) {
                return CheckResult.fail("Hostname", Severity.WARNING, "hostname \"" + f.hostname() + "\" could not be reached",
                        "add the node's address and '" + f.hostname() + "' to /etc/hosts or DNS");
            }
            return CheckResult.pass("Hostname", Severity.WARNING, "hostname \"" + f.hostname() + "\" is valid and resolves");
        });
    }

    private static String suggestion(String name) {
        String s = name.replaceAll("[^a-z0-9.-]", "-").replaceAll("^[-.]+|[-.]+$", "");
        return s.isEmpty() ? "node1" : s;
    }

    static Check swap() {
        return Check.of("Swap", f -> f.activeSwaps().isEmpty()
                ? CheckResult.pass("Swap", Severity.WARNING, "no active swap")
                : CheckResult.fail("Swap", Severity.WARNING, "swap is supported for cgroup v2 only. The kubelet must be "
                        + "properly configured to use swap. Please refer to "
                        + "https://kubernetes.io/docs/concepts/architecture/nodes/#swap-memory, or disable swap on the node"
                        + " (active: " + String.join(", ", f.activeSwaps()) + ")", "swapoff -a"));
    }

    /** Swap must also be off after a reboot. */
    static Check swapFstab() {
        return Check.of("SwapFstab", f -> f.fstabSwaps().isEmpty()
                ? CheckResult.pass("SwapFstab", Severity.WARNING, "no swap in /etc/fstab")
                : CheckResult.fail("SwapFstab", Severity.WARNING, "/etc/fstab turns swap on at boot: "
                        + String.join(" | ", f.fstabSwaps()),
                        "comment the swap line out: sed -i '/\\sswap\\s/ s/^/#/' /etc/fstab"));
    }

    static Check selinux() {
        return Check.of("SELinux", f -> "1".equals(f.selinuxEnforce())
                ? CheckResult.fail("SELinux", Severity.WARNING, "SELinux is enforcing; containers without the right "
                        + "labels (kube-proxy, CNI plugins writing to the host) are denied",
                        "setenforce 0 && sed -i 's/^SELINUX=enforcing/SELINUX=permissive/' /etc/selinux/config")
                : CheckResult.pass("SELinux", Severity.WARNING,
                        "0".equals(f.selinuxEnforce()) ? "SELinux is permissive" : "SELinux is off"));
    }

    /** Informational: no vmx/svm means no nested virtualization; bootstrap does not need it. */
    static Check virtualization() {
        return Check.of("Virtualization", f -> f.cpuVirtFlags().isEmpty()
                ? CheckResult.fail("Virtualization", Severity.INFO, "no vmx/svm CPU flag: no (nested) hardware "
                        + "virtualization; bootstrap installs on the host and does not need it, VM-based installers would", "")
                : CheckResult.pass("Virtualization", Severity.INFO, "CPU offers " + String.join("/", f.cpuVirtFlags())));
    }
}
