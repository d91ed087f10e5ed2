package dev.bootstrap.prepare;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.Shell;
import dev.bootstrap.preflight.OsFamily;
import java.util.Optional;

/**
 * The node's package manager, per OS family in one table: the packages that carry containerd, the CNI plugins and
 * the kubelet, how a version is asked for, and how a package is pinned (apt-mark hold, dnf/yum versionlock).
 *
 * @param manager   as recorded: apt, dnf, yum, tdnf, zypper
 * @param cniDir    where the distribution's CNI plugins package puts them; prepare links them into /opt/cni/bin
 */
record Packages(String manager, String install, String remove, String hold, String unhold, String containerd,
                String cniPlugins, String cniDir) {

    /** The node's, or empty where there is no package manager prepare knows (then only binaries install). */
    static Optional<Packages> of(OsFamily os) {
        return Optional.ofNullable(switch (os) {
            // Debian's and Ubuntu's own containerd; kubelet from pkgs.k8s.io (one repository per minor).
            case DEBIAN -> new Packages("apt", "DEBIAN_FRONTEND=noninteractive apt-get install -y -q",
                    "DEBIAN_FRONTEND=noninteractive apt-get remove -y -q", "apt-mark hold", "apt-mark unhold",
                    "containerd", "containernetworking-plugins", "/usr/lib/cni");
            // RHEL has no containerd of its own: containerd.io from Docker's repository.
            case RHEL -> new Packages("dnf", "dnf install -y", "dnf remove -y", "dnf versionlock add",
                    "dnf versionlock delete", "containerd.io", "containernetworking-plugins", "/usr/libexec/cni");
            case RHEL_LEGACY -> new Packages("yum", "yum install -y", "yum remove -y", "yum versionlock add",
                    "yum versionlock delete", "containerd.io", "containernetworking-plugins", "/usr/libexec/cni");
            case PHOTON -> new Packages("tdnf", "tdnf install -y", "tdnf remove -y", "tdnf versionlock add",
                    "tdnf versionlock delete", "containerd", "cni", "/usr/libexec/cni");
            case SUSE -> new Packages("zypper", "zypper --non-interactive install", "zypper --non-interactive remove",
                    "zypper addlock", "zypper removelock", "containerd", "cni-plugins", "/usr/lib/cni");
            default -> null;
        });
    }

    /** The table's entry of a recorded manager name. */
    static Optional<Packages> byManager(String manager) {
        return java.util.Arrays.stream(OsFamily.values()).map(Packages::of).flatMap(Optional::stream)
                .filter(p -> p.manager().equals(manager)).findFirst();
    }

    /** The kubelet package at the cluster's version, in this manager's syntax (pkgs.k8s.io's revisions "-*"). */
    String kubelet(KubernetesVersion version) {
        String v = version.toString().replaceFirst("^v", "");
        return switch (manager) {
            case "apt" -> "kubelet=" + v + "-*";
            case "zypper" -> "kubelet=" + v;
            default -> "kubelet-" + v;
        };
    }

    String installCommand(String... packages) {
        StringBuilder s = new StringBuilder(install);
        for (String p : packages) {
            s.append(' ').append(Shell.quote(p));
        }
        return s.toString();
    }
}
