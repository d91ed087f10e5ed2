package dev.bootstrap.preflight;

import dev.bootstrap.config.KubernetesVersion;
import java.util.List;

/** The kubelet binary and service, and the target version itself. */
final class KubeletChecks {

    /** kubeadm supports kubelets down to its own minor minus 3. */
    static final int KUBELET_SKEW = 3;

    private KubeletChecks() {
    }

    static Check kubeletVersion(KubernetesVersion target) {
        return Check.of("KubeletVersion", f -> {
            if (f.kubeletVersion().isEmpty()) {
                return CheckResult.fail("KubeletVersion", Severity.ERROR, "couldn't get kubelet version: "
                        + "executable file \"kubelet\" not found in $PATH", installKubelet(f, target));
            }
            String shown = f.kubeletVersion().get();
            KubernetesVersion kubelet;
            try {
                kubelet = KubernetesVersion.require(shown);
            } catch (IllegalArgumentException e) {
                return CheckResult.fail("KubeletVersion", Severity.ERROR, "couldn't parse kubelet version " + shown,
                        installKubelet(f, target));
            }
            if (kubelet.major() != target.major() || kubelet.minor() < target.minor() - KUBELET_SKEW) {
                return CheckResult.fail("KubeletVersion", Severity.ERROR, "Kubelet version \"" + shown
                        + "\" is lower than kubeadm can support. Please upgrade kubelet", installKubelet(f, target));
            }
            if (kubelet.minor() > target.minor()) {
                return CheckResult.fail("KubeletVersion", Severity.ERROR, "the kubelet version is higher than the control "
                        + "plane version. This is not a supported version skew and may lead to a malfunctional cluster. "
                        + "Kubelet version: \"" + shown + "\" Control plane version: \"" + target + "\"",
                        installKubelet(f, target));
            }
            return CheckResult.pass("KubeletVersion", Severity.ERROR, "kubelet " + shown);
        });
    }

    private static String installKubelet(NodeFacts f, KubernetesVersion target) {
        String minor = "v" + target.major() + "." + target.minor();
        return f.osFamily().hasPackageManager()
                ? f.osFamily().install(List.of("kubelet")) + " (from the pkgs.k8s.io " + minor + " repository)"
                : "download the kubelet " + minor + " release binary to /opt/bin/kubelet";
    }

    static Check serviceKubelet() {
        return Check.of("Service-Kubelet", f -> {
            if (!f.pid1().equals("systemd")) {
                return CheckResult.fail("Service-Kubelet", Severity.WARNING,
                        "no supported init system detected, skipping checking for services", "");
            }
            return "enabled".equals(f.kubeletService())
                    ? CheckResult.pass("Service-Kubelet", Severity.WARNING, "kubelet.service is enabled")
                    : CheckResult.fail("Service-Kubelet", Severity.WARNING, "kubelet service is not enabled, please run "
                            + "'systemctl enable kubelet.service'", "systemctl enable kubelet.service");
        });
    }

    static Check kubernetesVersion(KubernetesVersion target) {
        KubernetesVersion newest = KubernetesVersion.NEWEST_SUPPORTED;
        return Check.of("KubernetesVersion", f -> target.major() == newest.major() && target.minor() > newest.minor()
                ? CheckResult.fail("KubernetesVersion", Severity.WARNING, "Kubernetes version is greater than kubeadm "
                        + "version. Please consider to upgrade kubeadm. Kubernetes version: " + target
                        + ". Kubeadm version: " + newest.major() + "." + newest.minor() + ".x",
                        "choose --kubernetes-version v1." + newest.minor() + " or older")
                : CheckResult.pass("KubernetesVersion", Severity.WARNING, "target " + target));
    }
}
