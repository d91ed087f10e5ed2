package dev.bootstrap.service;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import java.time.Duration;

/** systemctl: daemon-reload (the drop-in may be new), enable, restart. */
public final class SystemdServiceManager implements ServiceManager {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Override
    public String kind() {
        return "systemd";
    }

    @Override
    public void restart(Host host, String service) {
        String s = Shell.quote(service);
        host.runChecked("systemctl daemon-reload && systemctl enable " + s + " && systemctl restart " + s, TIMEOUT);
    }

    @Override
    public void stop(Host host, String service) {
        host.run("systemctl stop " + Shell.quote(service), TIMEOUT);
    }

    @Override
    public boolean isActive(Host host, String service) {
        return host.run("systemctl is-active --quiet " + Shell.quote(service), TIMEOUT).ok();
    }
}
