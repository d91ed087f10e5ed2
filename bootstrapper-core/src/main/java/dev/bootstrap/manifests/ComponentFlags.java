package dev.bootstrap.manifests;

import dev.bootstrap.config.Arg;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kubeadm's command-line building (ArgumentsToCommand): a user extraArgs entry removes every default
 * of the same name, then all flags are sorted by name and value and written "--name=value".
 */
public final class ComponentFlags {

    private ComponentFlags() {
    }

    public static List<String> command(String binary, Map<String, String> defaults, List<Arg> extraArgs) {
        List<Arg> args = new ArrayList<>();
        defaults.forEach((name, value) -> {
            if (extraArgs.stream().noneMatch(a -> a.name().equals(name))) {
                args.add(new Arg(name, value));
            }
        });
        args.addAll(extraArgs);
        args.sort(Comparator.comparing(Arg::name).thenComparing(Arg::value));
        List<String> command = new ArrayList<>();
        command.add(binary);
        args.forEach(a -> command.add("--" + a.name() + "=" + a.value()));
        return command;
    }

    /** The last value the user gave for a flag. */
    public static Optional<String> extra(List<Arg> extraArgs, String name) {
        return extraArgs.stream().filter(a -> a.name().equals(name)).map(Arg::value).reduce((a, b) -> b);
    }
}
