package dev.bootstrap.cluster;

import dev.bootstrap.service.CommandServiceManager;
import dev.bootstrap.service.OpenRcServiceManager;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.service.SystemdServiceManager;
import java.util.List;

/** {@code spec.serviceManager}: how the kubelet is started on every node; the commands only for "commands". */
public record ServiceManagerSpec(String type, String start, String stop, String status) {

    static final List<String> TYPES = List.of("systemd", "openrc", "commands");
    static final ServiceManagerSpec SYSTEMD = new ServiceManagerSpec("systemd", null, null, null);

    public ServiceManager create() {
        return switch (type) {
            case "openrc" -> new OpenRcServiceManager();
            case "commands" -> new CommandServiceManager(start, stop, status);
            default -> new SystemdServiceManager();
        };
    }
}
