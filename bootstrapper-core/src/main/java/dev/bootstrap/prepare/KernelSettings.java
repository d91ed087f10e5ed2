package dev.bootstrap.prepare;

import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.preflight.OsFamily;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Swap, kernel modules, sysctls and SELinux: each set now and kept across reboots by a file of bootstrap's own (a
 * drop-in, never an edit of the distribution's), the sysctls read back from /proc/sys. Only /etc/fstab is edited:
 * its swap lines are commented, not deleted, so reset can uncomment exactly them.
 */
final class KernelSettings implements PrepareItem {

    static final String MODULES_FILE = "/etc/modules-load.d/bootstrap.conf";
    static final String SYSCTL_FILE = "/etc/sysctl.d/90-bootstrap-k8s.conf";
    static final String FSTAB = "/etc/fstab";
    static final String SELINUX_CONFIG = "/etc/selinux/config";
    /** What a commented swap line starts with; reset uncomments the lines it recorded. */
    static final String FSTAB_MARK = "#bootstrap# ";
    static final List<String> MODULES = List.of("overlay", "br_netfilter");
    /** The kubelet's and the CNI's needs only (kubeadm's ip_forward check; bridged pod traffic through iptables). */
    static final Map<String, String> SYSCTLS = Map.of("net.bridge.bridge-nf-call-iptables", "1",
            "net.bridge.bridge-nf-call-ip6tables", "1", "net.ipv4.ip_forward", "1");
    static final String READBACK = "readback";

    @Override
    public List<PrepareAction> plan(NodeState state, PrepareTarget target) {
        List<PrepareAction> actions = new ArrayList<>();
        if (target.spec().swap()) {
            swap(state).forEach(actions::add);
        }
        if (target.spec().kernelModules()) {
            modules(state).ifPresent(actions::add);
        }
        if (target.spec().sysctls()) {
            sysctls(state, wanted(target)).ifPresent(actions::add);
        }
        if (target.spec().selinux() && state.selinuxEnforcing()) {
            actions.add(new PrepareAction("SELinux set to permissive (now and in " + SELINUX_CONFIG + ")",
                    List.of(Change.of(Kind.SELINUX_ENFORCING, "enforce")), List.of(),
                    "setenforce 0\nif [ -f " + SELINUX_CONFIG + " ]; then sed -i 's/^SELINUX=enforcing$/SELINUX=permissive/' "
                            + SELINUX_CONFIG + "; fi"));
        }
        return actions;
    }

    /** The sysctls of the drop-in: bootstrap's, then the user's extras, sorted for a stable file. */
    static Map<String, String> wanted(PrepareTarget target) {
        Map<String, String> all = new java.util.TreeMap<>(SYSCTLS);
        all.putAll(target.spec().extraSysctls());
        return all;
    }

    private static List<PrepareAction> swap(NodeState state) {
        List<PrepareAction> actions = new ArrayList<>();
        if (!state.activeSwaps().isEmpty()) {
            actions.add(PrepareAction.run("swap turned off: " + String.join(", ", state.activeSwaps()),
                    state.activeSwaps().stream().map(d -> Change.of(Kind.SWAP, d)).toList(), "swapoff -a"));
        }
        List<String> lines = new ArrayList<>();
        List<Change> commented = new ArrayList<>();
        for (String line : state.fstab()) {
            if (isSwapLine(line)) {
                lines.add(FSTAB_MARK + line);
                commented.add(Change.of(Kind.FSTAB_LINE, line));
            } else {
                lines.add(line);
            }
        }
        if (!commented.isEmpty()) {
            actions.add(PrepareAction.write("swap lines of " + FSTAB + " commented: " + commented.size(), commented,
                    List.of(new FileWrite(FSTAB, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                            0644, null))));
        }
        if (state.systemd() && !state.swapTargetMasked()) {
            actions.add(PrepareAction.run("swap.target masked (systemd starts no swap at boot)",
                    List.of(Change.of(Kind.MASKED_UNIT, "swap.target")), "systemctl mask swap.target"));
        }
        return actions;
    }

    /** An fstab entry whose type (third field) is swap; a path that merely contains "swap" is not one. */
    static boolean isSwapLine(String line) {
        String[] fields = line.trim().split("\\s+");
        return !line.trim().startsWith("#") && fields.length >= 3 && fields[2].equals("swap");
    }

    private static Optional<PrepareAction> modules(NodeState state) {
        List<String> absent = MODULES.stream().filter(m -> state.modules().getOrDefault(m, "absent").equals("absent"))
                .toList();
        String file = String.join("\n", MODULES) + "\n";
        boolean write = !state.holds(MODULES_FILE, file);
        if (absent.isEmpty() && !write) {
            return Optional.empty();
        }
        List<String> says = new ArrayList<>();
        if (!absent.isEmpty()) {
            says.add("loaded " + String.join(", ", absent));
        }
        if (write) {
            says.add("wrote " + MODULES_FILE);
        }
        StringBuilder script = new StringBuilder();
        absent.forEach(m -> script.append("modprobe ").append(Shell.quote(m)).append(" || echo ")
                .append(Shell.quote("modprobe " + m + " failed")).append(" >&2\n"));
        return Optional.of(new PrepareAction("kernel modules: " + String.join("; ", says),
                absent.stream().map(m -> Change.of(Kind.MODULE, m)).toList(),
                write ? List.of(new FileWrite(MODULES_FILE, file.getBytes(StandardCharsets.UTF_8), 0644, null))
                        : List.of(), script.toString()));
    }

    private static Optional<PrepareAction> sysctls(NodeState state, Map<String, String> wanted) {
        StringBuilder file = new StringBuilder("# Written by bootstrap's prepare: what the kubelet and the pod network "
                + "need.\n");
        wanted.forEach((k, v) -> file.append(k).append(" = ").append(v).append('\n'));
        boolean write = !state.holds(SYSCTL_FILE, file.toString());
        Map<String, Optional<String>> differ = new LinkedHashMap<>();
        wanted.forEach((k, v) -> {
            Optional<String> now = state.sysctls().getOrDefault(k, Optional.empty());
            if (!now.equals(Optional.of(v))) {
                differ.put(k, now);
            }
        });
        if (differ.isEmpty() && !write) {
            return Optional.empty();
        }
        // Written to /proc/sys directly: only these keys change (sysctl --system would apply every file again).
        StringBuilder script = new StringBuilder();
        differ.keySet().forEach(k -> script.append("printf '%s\\n' ").append(Shell.quote(wanted.get(k))).append(" > ")
                .append(Shell.quote("/proc/sys/" + NodeState.procPath(k))).append(" 2>/dev/null || true\n"));
        script.append("echo '### ").append(READBACK).append("'\n");
        wanted.keySet().forEach(k -> {
            String p = Shell.quote("/proc/sys/" + NodeState.procPath(k));
            script.append("if [ -r ").append(p).append(" ]; then printf '%s=%s\\n' ").append(Shell.quote(k))
                    .append(" \"$(cat ").append(p).append(")\"; else echo ").append(Shell.quote(k)).append("; fi\n");
        });
        String says = (differ.isEmpty() ? "" : "set " + String.join(", ", differ.keySet()) + (write ? "; " : ""))
                + (write ? "wrote " + SYSCTL_FILE : "");
        return Optional.of(new PrepareAction("sysctls: " + says, differ.entrySet().stream()
                .map(e -> new Change(Kind.SYSCTL, e.getKey(), e.getValue().orElse(null))).toList(),
                write ? List.of(new FileWrite(SYSCTL_FILE, file.toString().getBytes(StandardCharsets.UTF_8), 0644, null))
                        : List.of(), script.toString()));
    }

    /** Fails naming each key /proc/sys does not show as wanted, with what to do on the node's OS. */
    static void verify(String host, OsFamily os, Map<String, String> wanted, List<String> readback) {
        Map<String, String> actual = new LinkedHashMap<>();
        for (String line : readback) {
            int eq = line.indexOf('=');
            if (!line.isBlank()) {
                actual.put(eq < 0 ? line.trim() : line.substring(0, eq), eq < 0 ? null : line.substring(eq + 1).trim());
            }
        }
        List<String> problems = new ArrayList<>();
        wanted.forEach((k, v) -> {
            String now = actual.get(k);
            if (now == null) {
                problems.add(k + " does not exist in /proc/sys" + (k.startsWith("net.bridge.")
                        ? ": br_netfilter is not loaded; " + modulesHint(os) : ""));
            } else if (!now.equals(v)) {
                problems.add(k + " is " + now + " after setting it to " + v + ": /proc/sys is read-only or something "
                        + "resets it (a container's /proc/sys, or a tool owning the setting); set it on the node's host");
            }
        });
        if (!problems.isEmpty()) {
            throw new HostException(host, "prepare: sysctls did not stick: " + String.join("; ", problems));
        }
    }

    private static String modulesHint(OsFamily os) {
        return switch (os) {
            case DEBIAN -> "install the kernel's modules (apt-get install -y linux-modules-extra-$(uname -r) on Ubuntu)"
                    + " and run modprobe br_netfilter";
            case RHEL, RHEL_LEGACY -> "install kernel-modules-extra for the running kernel and run modprobe br_netfilter";
            case CONTAINER_LINUX -> "Flatcar loads it by default; check that /lib/modules matches the running kernel";
            default -> "load it with modprobe br_netfilter; if the module is missing, install the running kernel's "
                    + "extra modules";
        };
    }
}
