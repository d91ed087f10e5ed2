package dev.bootstrap.manifests;

import dev.bootstrap.config.Arg;
import dev.bootstrap.config.VersionTable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kubeadm's command-line building (cmd/kubeadm/app/util/arguments.go, ArgumentsToCommand): a user extraArgs
 * entry removes every default of the same name. Before {@link VersionTable.Rule#USER_ARGS_IN_GIVEN_ORDER}
 * all flags are then sorted by name and value; from it on the remaining defaults come sorted and the user's
 * args follow in the order the user gave them. Each flag is written "--name=value".
 */
public final class ComponentFlags {

    private static final Comparator<Arg> BY_NAME_AND_VALUE = Comparator.comparing(Arg::name).thenComparing(Arg::value);

    private ComponentFlags() {
    }

    public static List<String> command(String binary, Map<String, String> defaults, List<Arg> extraArgs,
                                       VersionTable.Release release) {
        List<Arg> args = new ArrayList<>();
        defaults.forEach((name, value) -> {
            if (extraArgs.stream().noneMatch(a -> a.name().equals(name))) {
                args.add(new Arg(name, value));
            }
        });
        if (release.has(VersionTable.Rule.USER_ARGS_IN_GIVEN_ORDER)) {
            args.sort(BY_NAME_AND_VALUE);
            args.addAll(extraArgs);
        } else {
            args.addAll(extraArgs);
            args.sort(BY_NAME_AND_VALUE);
        }
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
