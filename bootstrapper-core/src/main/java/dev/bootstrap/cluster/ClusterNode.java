package dev.bootstrap.cluster;

import dev.bootstrap.host.ssh.HostTarget;

/** One node of the cluster file, with its effective SSH settings (node values over the cluster-wide ones). */
public record ClusterNode(String name, String address, Role role, SshSettings ssh) {

    /** Where to connect: the address with the effective user and port. */
    public HostTarget target() {
        return new HostTarget(ssh.user(), address, ssh.port());
    }
}
