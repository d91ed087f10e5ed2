package dev.bootstrap.service;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import java.time.Duration;

/** OpenRC (Alpine, Gentoo, some minimal images): rc-update and rc-service. */
public final class OpenRcServiceManager implements ServiceManager {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String kind() {
        return "openrc";
    }

    @Override
    public void restart(Host host, String service) {
        String s = Shell.quote(service);
        host.runChecked("rc-update add " + s + " default && rc-service " + s + " restart", TIMEOUT);
    }

    @Override
    public void stop(Host host, String service) {
        host.run("rc-service " + Shell.quote(service) + " stop", TIMEOUT);
    }

    @Override
    public boolean isActive(Host host, String service) {
        return host.run("rc-service " + Shell.quote(service) + " status", TIMEOUT).ok();
    }
}
