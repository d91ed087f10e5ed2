package dev.bootstrap.service;

import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import java.time.Duration;

/**
 * Explicit start, stop and status command lines from the configuration, for nodes where neither
 * systemd nor OpenRC manages services. {@code $SERVICE} in a command is the service name; the
 * variable is set for the command, never pasted into it.
 */
public final class CommandServiceManager implements ServiceManager {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private final String start;
    private final String stop;
    private final String status;

    public CommandServiceManager(String start, String stop, String status) {
        this.start = require(start, "start");
        this.stop = require(stop, "stop");
        this.status = require(status, "status");
    }

    private static String require(String command, String which) {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("serviceManager.commands." + which + " must be set when the "
                    + "service manager is 'commands'");
        }
        return command;
    }

    @Override
    public String kind() {
        return "commands";
    }

    @Override
    public void restart(Host host, String service) {
        // One round trip. The stop command runs in its own shell (an "exit" or a trailing comment in it
        // ends only that) and, as stopping what does not run is no error, neither its status nor its
        // output counts.
        host.runChecked(withService("sh -c " + Shell.quote(stop) + " >/dev/null 2>&1 </dev/null; " + start, service),
                TIMEOUT);
    }

    @Override
    public void stop(Host host, String service) {
        host.run(withService(stop, service), TIMEOUT);
    }

    @Override
    public boolean isActive(Host host, String service) {
        return host.run(withService(status, service), TIMEOUT).ok();
    }

    private static String withService(String command, String service) {
        return "SERVICE=" + Shell.quote(service) + "; export SERVICE; " + command;
    }
}
