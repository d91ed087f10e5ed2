package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import java.util.List;

/** FileExisting-<tool>: binaries kubeadm and the kubelet call must be on PATH. */
final class ToolChecks {

    /** Missing one of these is an error in kubeadm. */
    static final List<String> REQUIRED = List.of("ip", "iptables", "mount", "nsenter");
    /** Missing one of these is a warning in kubeadm. */
    static final List<String> RECOMMENDED = List.of("ebtables", "ethtool", "socat", "tc", "touch");
    /** Photon OS lacked it; kube-proxy uses it. kubeadm does not check it, so this is a warning of ours. */
    static final List<String> EXTRA = List.of("ipset", "tar");

    private ToolChecks() {
    }

    /**
     * The FileExisting checks for a target version, in kubeadm's order (crictl in 1.31). kubeadm checks
     * conntrack (an error) only below 1.32; kube-proxy still needs it, so from 1.32 on it is our warning.
     */
    static List<Check> forTarget(KubernetesVersion target) {
        List<Check> checks = new java.util.ArrayList<>();
        checks.add(fileExisting("conntrack", target.minorBelow(32) ? Severity.ERROR : Severity.WARNING));
        REQUIRED.forEach(t -> checks.add(fileExisting(t, Severity.ERROR)));
        RECOMMENDED.forEach(t -> checks.add(fileExisting(t, Severity.WARNING)));
        if (target.major() == 1 && target.minor() == 31) {
            checks.add(fileExisting("crictl", Severity.WARNING));
        }
        EXTRA.forEach(t -> checks.add(fileExisting(t, Severity.WARNING)));
        return checks;
    }

    static Check fileExisting(String tool, Severity severity) {
        String name = "FileExisting-" + tool;
        return Check.of(name, f -> f.tool(tool)
                .map(path -> CheckResult.pass(name, severity, tool + " is " + path))
                .orElseGet(() -> CheckResult.fail(name, severity, tool + " not found in system path",
                        f.osFamily().installTools(List.of(tool)))));
    }
}
