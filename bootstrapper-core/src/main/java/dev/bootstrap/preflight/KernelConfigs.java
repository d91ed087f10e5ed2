package dev.bootstrap.preflight;

import dev.bootstrap.preflight.NodeFacts.KernelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The kernel build options kubeadm's SystemVerification (k8s.io/system-validators, DefaultSysSpec) wants:
 * a required one not built in or as a module is an error; an optional one missing is only reported (it
 * shows in kubeadm's verification output, never as a warning). Which cgroup options are required depends
 * on the cgroup version the node runs.
 */
final class KernelConfigs {

    /**
     * One option; {@code aliases} are older names that count as the option.
     *
     * @param purpose why it matters, as system-validators describes it ("" when it does not)
     */
    record Option(String name, List<String> aliases, String purpose) {
        static Option of(String name) {
            return new Option(name, List.of(), "");
        }

        static Option of(String name, String purpose) {
            return new Option(name, List.of(), purpose);
        }

        Stream<String> names() {
            return Stream.concat(Stream.of(name), aliases.stream());
        }

        /** Built in or a module under its name or an alias. */
        boolean enabledIn(KernelConfig config) {
            return names().map(n -> config.options().get("CONFIG_" + n)).anyMatch(v -> "y".equals(v) || "m".equals(v));
        }

        String describe() {
            return "CONFIG_" + name + (purpose.isEmpty() ? "" : " (" + purpose + ")");
        }
    }

    static final List<Option> REQUIRED = List.of(Option.of("NAMESPACES"), Option.of("NET_NS"), Option.of("PID_NS"),
            Option.of("IPC_NS"), Option.of("UTS_NS"), Option.of("CPUSETS"), Option.of("MEMCG"), Option.of("INET"),
            Option.of("EXT4_FS"), Option.of("PROC_FS"),
            new Option("NETFILTER_XT_TARGET_REDIRECT", List.of("IP_NF_TARGET_REDIRECT"), ""),
            Option.of("NETFILTER_XT_MATCH_COMMENT"), Option.of("FAIR_GROUP_SCHED"));
    static final List<Option> REQUIRED_CGROUPS_V1 = List.of(Option.of("CGROUPS", "cgroups"),
            Option.of("CGROUP_CPUACCT", "cpuacct controller"), Option.of("CGROUP_DEVICE", "devices controller"),
            Option.of("CGROUP_FREEZER", "freezer controller"), Option.of("CGROUP_PIDS", "pids controller"),
            Option.of("CGROUP_SCHED", "cpu controller"));
    static final List<Option> REQUIRED_CGROUPS_V2 = List.of(Option.of("CGROUPS", "cgroups"),
            Option.of("CGROUP_BPF", "eBPF device control of cgroups v2"), Option.of("CGROUP_PIDS", "pids controller"),
            Option.of("CGROUP_SCHED", "cpu controller"));
    static final List<Option> OPTIONAL = List.of(new Option("OVERLAY_FS", List.of("OVERLAYFS_FS"), "overlayfs"),
            Option.of("AUFS_FS", "aufs"), Option.of("BLK_DEV_DM", "devicemapper"), Option.of("CFS_BANDWIDTH", "CPU quota"),
            Option.of("SECCOMP", "seccomp"), Option.of("SECCOMP_FILTER", "seccomp mode 2"));

    /** Where system-validators looks, in its order ({@code <release>}: uname -r); gather-facts.sh reads the same. */
    static final String SEARCHED = "/proc/config.gz, /boot/config-<release>, /usr/src/linux-<release>/.config, "
            + "/usr/src/linux/.config, /usr/lib/modules/<release>/config, /usr/lib/ostree-boot/config-<release>, "
            + "/usr/lib/kernel/config-<release>, /usr/src/linux-headers-<release>/.config, "
            + "/lib/modules/<release>/build/.config";

    private KernelConfigs() {
    }

    /** Every option name gather-facts.sh reports, "|"-separated as its $KERNEL_CONFIGS wants them. */
    static String gathered() {
        return Stream.of(REQUIRED, REQUIRED_CGROUPS_V1, REQUIRED_CGROUPS_V2, OPTIONAL).flatMap(List::stream)
                .flatMap(Option::names).distinct().collect(Collectors.joining("|"));
    }

    static List<Option> required(boolean cgroupV2) {
        List<Option> all = new ArrayList<>(REQUIRED);
        all.addAll(cgroupV2 ? REQUIRED_CGROUPS_V2 : REQUIRED_CGROUPS_V1);
        return all;
    }

    /**
     * What the node's kernel configuration means for SystemVerification.
     *
     * @param error the error, empty when none
     * @param note  what was found, for the message either way
     * @param fix   what to do about the error
     */
    record Verdict(Optional<String> error, String note, String fix) {
    }

    /** Empty when the facts carry no kernel configuration probe (facts from before it existed). */
    static Optional<Verdict> judge(NodeFacts f) {
        KernelConfig config = f.kernelConfig();
        if (!config.probed()) {
            return Optional.empty();
        }
        if (!config.unreadable().isEmpty()) {
            return Optional.of(new Verdict(Optional.empty(), "kernel config in " + config.unreadable()
                    + " not checked (no zcat or gzip on the node)", ""));
        }
        if (config.source().isEmpty()) {
            return Optional.of(new Verdict(Optional.of("failed to parse kernel config: no kernel config file found in "
                    + SEARCHED.replace("<release>", f.kernel()) + ", and the configs module gave no /proc/config.gz"),
                    "no kernel config", "install the kernel's config file (the distribution's kernel package ships "
                            + "/boot/config-" + f.kernel() + "), or build the kernel with CONFIG_IKCONFIG_PROC"));
        }
        List<String> missing = required(f.cgroupV2()).stream().filter(o -> !o.enabledIn(config))
                .map(Option::describe).toList();
        List<String> missingOptional = OPTIONAL.stream().filter(o -> !o.enabledIn(config)).map(Option::describe).toList();
        String note = "kernel config from " + config.source()
                + (missingOptional.isEmpty() ? "" : ", optional configs not set: " + String.join(", ", missingOptional));
        return Optional.of(new Verdict(
                missing.isEmpty() ? Optional.empty() : Optional.of("unexpected kernel config: " + String.join(", ", missing)),
                note, "boot a kernel built with the required options (CONFIG_...=y or =m); the distributions' "
                        + "standard kernels have them, minimal or custom kernels may not"));
    }
}
