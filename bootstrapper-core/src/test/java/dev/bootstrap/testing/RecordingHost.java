package dev.bootstrap.testing;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.ForwardingHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.Shell;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A real host that also keeps every command it was asked to run, for tests about what was run. */
public final class RecordingHost extends ForwardingHost {

    private final List<String> wrapper;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    public RecordingHost(Host real) {
        this(real, List.of());
    }

    /** Runs every command under {@code wrapper} (e.g. setpriv as another user) with sh -c. */
    public RecordingHost(Host real, List<String> wrapper) {
        super(real);
        this.wrapper = List.copyOf(wrapper);
    }

    public List<String> commands() {
        synchronized (commands) {
            return List.copyOf(commands);
        }
    }

    @Override
    public CommandResult run(String command, Duration timeout) {
        commands.add(command);
        return host.run(wrapper.isEmpty() ? command : Shell.join(wrapper) + " sh -c " + Shell.quote(command), timeout);
    }
}
