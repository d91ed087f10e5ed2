package dev.bootstrap.preflight;

import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.preflight.NodeFacts.ModuleState;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Ports, firewalld, and the kernel's bridge/forwarding/IPVS support that pod networking needs. */
final class NetworkChecks {

    static final List<String> IPVS_MODULES = List.of("ip_vs", "ip_vs_rr", "ip_vs_wrr", "ip_vs_sh");
    /** nf_conntrack_ipv4 was merged into nf_conntrack in kernel 4.19. */
    static final int[] CONNTRACK_RENAMED = {4, 19};

    private NetworkChecks() {
    }

    /** Port-N: nothing may listen on it yet. */
    /** kubeadm's PortOpenCheck: binding the port (on {@code address} where the release names one) would fail. */
    static Check port(int port, Optional<InetAddress> address) {
        String name = "Port-" + port;
        String where = address.map(a -> " on " + IpAddresses.format(a)).orElse("");
        return Check.of(name, f -> f.listeners().stream().anyMatch(l -> l.blocks(port, address))
                ? CheckResult.fail(name, Severity.ERROR, "Port " + port + " is in use" + where,
                        "see what listens with 'ss -ltnp sport = :" + port + "' and stop it; " + FileChecks.RESET_HINT)
                : CheckResult.pass(name, Severity.ERROR, "port " + port + " is free" + where));
    }

    /** Firewalld active: the ports the node serves must be opened. */
    static Check firewalld(List<Integer> ports) {
        String portList = ports.stream().map(String::valueOf).collect(Collectors.joining(" "));
        String open = ports.stream().map(p -> "--add-port=" + p + "/tcp").collect(Collectors.joining(" "));
        return Check.of("Firewalld", f -> "active".equals(f.firewalld())
                ? CheckResult.fail("Firewalld", Severity.WARNING, "firewalld is active, please ensure ports ["
                        + portList + "] are open or your cluster may not function correctly",
                        "firewall-cmd --permanent " + open + " && firewall-cmd --reload (or: systemctl disable --now firewalld)")
                : CheckResult.pass("Firewalld", Severity.WARNING, "firewalld is not active"));
    }

    static Check ipForward() {
        return FileChecks.fileContent("net/ipv4/ip_forward", Severity.ERROR, FileChecks.sysctlFix("net.ipv4.ip_forward"));
    }

    /**
     * kubeadm checks IPv6 forwarding only when IPv6 is involved: a service or pod CIDR is IPv6, or the
     * API server address (the control plane's own first address, or the endpoint workers join) is.
     */
    static Check ipv6Forwarding(Optional<String> endpoint, List<String> cidrs) {
        boolean ipv6Cidr = cidrs.stream().anyMatch(c -> c.contains(":"));
        return FileChecks.fileContent("net/ipv6/conf/default/forwarding", Severity.ERROR,
                        FileChecks.sysctlFix("net.ipv6.conf.default.forwarding"))
                .onlyWhen(f -> ipv6Cidr
                        || endpoint.or(() -> f.addresses().stream().findFirst()).map(a -> a.contains(":")).orElse(false));
    }

    /** Bridged pod traffic must pass iptables (kubeadm dropped this check in 1.30, keeping its name). */
    static Check bridgeNfCall(String family) {
        String key = "net.bridge.bridge-nf-call-" + family;
        return FileChecks.fileContent("net/bridge/bridge-nf-call-" + family, Severity.WARNING,
                "modprobe br_netfilter && " + FileChecks.sysctlFix(key));
    }

    /** br_netfilter loaded (or built in: then its sysctls exist without the module showing). */
    static Check brNetfilter() {
        String name = "KernelModule-br_netfilter";
        return Check.of(name, f -> {
            ModuleState state = f.module("br_netfilter");
            if (state.present() || f.sysctl("net/bridge/bridge-nf-call-iptables").isPresent()) {
                return CheckResult.pass(name, Severity.WARNING, "br_netfilter is " + (state.present()
                        ? state.name().toLowerCase() : "built in (bridge-nf-call sysctls exist)"));
            }
            String load = "modprobe br_netfilter && echo br_netfilter > /etc/modules-load.d/k8s.conf";
            return state == ModuleState.AVAILABLE
                    ? CheckResult.fail(name, Severity.WARNING, "module br_netfilter is not loaded",
                            PrepareFixes.by("kernelModules", load))
                    : CheckResult.fail(name, Severity.WARNING, "this kernel has no br_netfilter module",
                            missingModuleFix(f, load));
        });
    }

    /**
     * Modules kube-proxy's IPVS mode needs, with the conntrack module's name for this kernel.
     * INFO: kube-proxy defaults to iptables mode, where they are not needed.
     */
    static Check ipvsModules() {
        return Check.of("IPVSModules", f -> {
            List<String> needed = new ArrayList<>(IPVS_MODULES);
            needed.add(conntrackModule(f.kernel()));
            List<String> absent = needed.stream().filter(m -> !f.module(m).present()).toList();
            if (absent.isEmpty()) {
                return CheckResult.pass("IPVSModules", Severity.INFO, "IPVS modules present: " + String.join(" ", needed));
            }
            List<String> notInKernel = absent.stream().filter(m -> f.module(m) == ModuleState.MISSING).toList();
            String load = "modprobe -a " + String.join(" ", absent) + " && printf '%s\\n' " + String.join(" ", needed)
                    + " > /etc/modules-load.d/ipvs.conf";
            String message = "kube-proxy in IPVS mode needs modules " + String.join(" ", needed) + "; not loaded: "
                    + String.join(" ", absent) + (notInKernel.isEmpty() ? "" : "; not in this kernel: " + String.join(" ", notInKernel));
            return CheckResult.fail("IPVSModules", Severity.INFO, message,
                    notInKernel.isEmpty() ? load : missingModuleFix(f, load));
        });
    }

    /** nf_conntrack_ipv4 before kernel 4.19, nf_conntrack from 4.19 on. */
    static String conntrackModule(String kernel) {
        int[] v = SystemChecks.kernelVersion(kernel);
        return v != null && SystemChecks.compare(v, CONNTRACK_RENAMED) < 0 ? "nf_conntrack_ipv4" : "nf_conntrack";
    }

    private static String missingModuleFix(NodeFacts f, String load) {
        if (f.kernel().toLowerCase(java.util.Locale.ROOT).contains("microsoft")) {
            return "the WSL kernel lacks them: update it with 'wsl --update', or set a custom kernel in .wslconfig";
        }
        // Only Ubuntu and the RHEL family split modules into an "extra" package for the running kernel.
        if (f.osId().equals("ubuntu")) {
            return "apt-get install -y linux-modules-extra-" + f.kernel() + " && " + load;
        }
        if (f.osFamily() == OsFamily.RHEL || f.osFamily() == OsFamily.RHEL_LEGACY) {
            return f.osFamily().install(List.of("kernel-modules-extra-" + f.kernel())) + " && " + load;
        }
        return "use a kernel built with these modules, then: " + load;
    }
}
