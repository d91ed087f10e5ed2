package dev.bootstrap.cli;

import dev.bootstrap.service.CommandServiceManager;
import dev.bootstrap.service.OpenRcServiceManager;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.service.SystemdServiceManager;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** How the kubelet is started on nodes: systemd (default), OpenRC, or explicit command lines. */
public final class ServiceManagerOptions {

    public enum Kind { systemd, openrc, commands }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--service-manager", paramLabel = "KIND", defaultValue = "systemd",
            description = "How to start the kubelet: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}). "
                    + "'commands' runs --service-start/--service-stop/--service-status on the node ($SERVICE is the "
                    + "service name), for nodes without systemd or OpenRC.")
    Kind kind = Kind.systemd;

    @Option(names = "--service-start", paramLabel = "COMMAND", description = "Shell command that starts $SERVICE.")
    String start;

    @Option(names = "--service-stop", paramLabel = "COMMAND", description = "Shell command that stops $SERVICE.")
    String stop;

    @Option(names = "--service-status", paramLabel = "COMMAND",
            description = "Shell command that exits 0 when $SERVICE runs.")
    String status;

    public ServiceManager serviceManager() {
        if (kind != Kind.commands && (start != null || stop != null || status != null)) {
            throw new ParameterException(spec.commandLine(),
                    "--service-start/--service-stop/--service-status need --service-manager=commands");
        }
        try {
            return switch (kind) {
                case systemd -> new SystemdServiceManager();
                case openrc -> new OpenRcServiceManager();
                case commands -> new CommandServiceManager(start, stop, status);
            };
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage().replace("serviceManager.commands.",
                    "--service-"));
        }
    }
}
