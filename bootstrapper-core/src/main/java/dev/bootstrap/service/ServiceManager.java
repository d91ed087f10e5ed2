package dev.bootstrap.service;

import dev.bootstrap.host.Host;

/**
 * Starts and stops the kubelet on a node. systemd is the default; OpenRC and explicit commands
 * serve nodes without systemd (RancherOS, WSL, the test lab).
 */
public interface ServiceManager {

    /** A short name for reports: "systemd", "openrc", "commands". */
    String kind();

    /** Enables the service at boot where that applies, and (re)starts it so new files take effect. */
    void restart(Host host, String service);

    /** Stops the service; a service that is not running is not an error. */
    void stop(Host host, String service);

    boolean isActive(Host host, String service);
}
