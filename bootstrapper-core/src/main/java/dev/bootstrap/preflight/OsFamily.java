package dev.bootstrap.preflight;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The node's OS family, from /etc/os-release, for fix hints: which package manager installs a
 * missing tool, or what to do where there is none (CoreOS/Flatcar, RancherOS).
 */
public enum OsFamily {
    DEBIAN("apt-get install -y"),
    RHEL("dnf install -y"),
    RHEL_LEGACY("yum install -y"),
    SUSE("zypper install -y"),
    PHOTON("tdnf install -y"),
    CONTAINER_LINUX(null),
    RANCHEROS(null),
    UNKNOWN(null);

    private final String installer;

    OsFamily(String installer) {
        this.installer = installer;
    }

    /** The family of an os-release (ID, then ID_LIKE). */
    public static OsFamily of(Map<String, String> osRelease) {
        String id = osRelease.getOrDefault("ID", "").toLowerCase();
        String version = osRelease.getOrDefault("VERSION_ID", "");
        List<String> like = Arrays.asList(osRelease.getOrDefault("ID_LIKE", "").toLowerCase().split("\\s+"));
        switch (id) {
            case "photon":
                return PHOTON;
            case "coreos", "flatcar", "fedora-coreos", "rhcos":
                return CONTAINER_LINUX;
            case "rancheros":
                return RANCHEROS;
            case "debian", "ubuntu", "raspbian", "linuxmint":
                return DEBIAN;
            default:
                break;
        }
        if (like.contains("debian") || like.contains("ubuntu")) {
            return DEBIAN;
        }
        boolean rhel = List.of("rhel", "centos", "fedora", "rocky", "almalinux", "ol", "amzn").contains(id)
                || like.contains("rhel") || like.contains("fedora") || like.contains("centos");
        if (rhel) {
            // RHEL/CentOS 7 and Amazon Linux 2 have yum only.
            return version.startsWith("7") || (id.equals("amzn") && version.equals("2")) ? RHEL_LEGACY : RHEL;
        }
        if (id.startsWith("sles") || id.startsWith("opensuse") || like.contains("suse")) {
            return SUSE;
        }
        return UNKNOWN;
    }

    public boolean hasPackageManager() {
        return installer != null;
    }

    /** The package that carries a tool kubeadm looks for on PATH, in this family's naming. */
    public String packageFor(String tool) {
        boolean rpm = this == RHEL || this == RHEL_LEGACY || this == SUSE || this == PHOTON;
        return switch (tool) {
            case "conntrack" -> rpm ? "conntrack-tools" : "conntrack";
            case "ip" -> rpm && this != PHOTON ? "iproute" : "iproute2";
            case "tc" -> this == RHEL ? "iproute-tc" : rpm && this != PHOTON ? "iproute" : "iproute2";
            case "mount" -> this == DEBIAN ? "mount" : "util-linux";
            case "nsenter" -> "util-linux";
            case "touch" -> "coreutils";
            case "crictl" -> "cri-tools";
            default -> tool;
        };
    }

    /** A command that installs the packages, or what to do on an OS without a package manager. */
    public String install(List<String> packages) {
        String list = String.join(" ", packages);
        return switch (this) {
            case CONTAINER_LINUX -> "no package manager on CoreOS/Flatcar: run " + list
                    + " from 'toolbox', or place static binaries in /opt/bin through Ignition";
            case RANCHEROS -> "no package manager on RancherOS: use a console with " + list
                    + " ('ros console switch ubuntu') or 'ros service' system containers";
            case UNKNOWN -> "install " + list + " with the node's package manager";
            default -> installer + " " + list;
        };
    }

    /** Installs the packages that carry the tools. */
    public String installTools(List<String> tools) {
        return install(tools.stream().map(this::packageFor).distinct().collect(Collectors.toList()));
    }

    /** Enables and starts a service now and at boot. */
    public String enableService(String service) {
        return this == RANCHEROS ? "ros service enable " + service + " && ros service up " + service
                : "systemctl enable --now " + service;
    }
}
