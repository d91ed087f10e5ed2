package dev.bootstrap.prepare;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import dev.bootstrap.runtime.ContainerdConfig;
import dev.bootstrap.service.ServiceManager;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * reset's part for prepare: what its record on the node lists is undone, newest first, and nothing else. Files it
 * wrote go (or get their earlier content back), swap lines are uncommented, modules it loaded are unloaded, sysctls
 * get their values back, packages it installed are removed, services it started are stopped. The runtime's images
 * (/var/lib/containerd) stay, so the next rebuild pulls nothing. What cannot be undone (a module in use) is a
 * warning, not a failure.
 */
public final class PrepareUndo {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private PrepareUndo() {
    }

    /** Undoes the node's record (when it has one) and removes it; {@code dryRun} only says what it would do. */
    public static List<String> run(Host host, ServiceManager services, boolean dryRun) {
        if (host.mapsPaths()) {
            return List.of();
        }
        String text = host.readFile(PrepareRecord.PATH).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
        PrepareRecord record;
        try {
            record = PrepareRecord.parse(text);
        } catch (IllegalArgumentException e) {
            return List.of("warning: the prepare record " + PrepareRecord.PATH + " is " + e.getMessage()
                    + ", so what prepare changed was not undone; it was left in place");
        }
        if (record.isEmpty()) {
            return List.of();
        }
        List<Change> newestFirst = new ArrayList<>(record.changes());
        java.util.Collections.reverse(newestFirst);
        if (dryRun) {
            return List.of("Would undo what prepare changed (" + record.changes().size() + " changes in "
                    + PrepareRecord.PATH + ")");
        }
        for (Change c : newestFirst) {
            if (c.kind() == Kind.SERVICE) {
                services.stop(host, c.target());
            }
        }
        uncommentFstab(host, record);
        StringBuilder script = new StringBuilder("warn() { echo \"warning: $*\"; }\n");
        newestFirst.forEach(c -> script.append(undo(c)));
        script.append("rm -f ").append(Shell.quote(PrepareRecord.PATH)).append('\n');
        CommandResult result = host.run(script.toString(), TIMEOUT);
        if (!result.ok()) {
            throw new HostException(host.name(), "undoing prepare failed (" + result.describeExit() + ")"
                    + result.stderrTail() + "; its record " + PrepareRecord.PATH + " is kept: run reset again");
        }
        List<String> lines = new ArrayList<>();
        lines.add("Undid what prepare changed: " + record.changes().size() + " changes (" + PrepareRecord.PATH + ")");
        result.stdout().lines().filter(l -> l.startsWith("warning: ")).forEach(lines::add);
        return lines;
    }

    private static void uncommentFstab(Host host, PrepareRecord record) {
        List<String> commented = record.changes().stream().filter(c -> c.kind() == Kind.FSTAB_LINE)
                .map(c -> KernelSettings.FSTAB_MARK + c.target()).toList();
        if (commented.isEmpty()) {
            return;
        }
        host.readFile(KernelSettings.FSTAB).ifPresent(bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = text.lines().map(l -> commented.contains(l)
                    ? l.substring(KernelSettings.FSTAB_MARK.length()) : l).toList();
            host.writeFile(KernelSettings.FSTAB, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
                    0644);
        });
    }

    private static String undo(Change c) {
        String t = Shell.quote(c.target());
        return switch (c.kind()) {
            // A registry's directory under certs.d is prepare's own: it goes with its hosts.toml once empty.
            case FILE -> c.previous() == null ? "rm -f -- " + t + "\n" + (c.target().startsWith(ContainerdConfig.HOSTS_DIR
                    + "/") ? "rmdir -- " + Shell.quote(c.target().substring(0, c.target().lastIndexOf('/')))
                    + " 2>/dev/null || true\n" : "")
                    : "printf '%s' " + Shell.quote(c.previous()) + " | base64 -d > " + Shell.quote(c.target() + ".undo")
                            + " && mv -f -- " + Shell.quote(c.target() + ".undo") + " " + t + "\n";
            case FSTAB_LINE, SERVICE -> "";
            case SWAP -> "swapon -- " + t + " 2>/dev/null || warn " + Shell.quote("could not turn swap " + c.target()
                    + " back on") + "\n";
            case MASKED_UNIT -> "systemctl unmask " + t + " >/dev/null 2>&1 || warn " + Shell.quote("could not unmask "
                    + c.target()) + "\n";
            case MODULE -> "modprobe -r " + t + " 2>/dev/null || warn " + Shell.quote("kernel module " + c.target()
                    + " stays loaded (in use)") + "\n";
            case SYSCTL -> c.previous() == null ? "" : "printf '%s\\n' " + Shell.quote(c.previous()) + " > "
                    + Shell.quote("/proc/sys/" + NodeState.procPath(c.target())) + " 2>/dev/null || warn "
                    + Shell.quote("could not set " + c.target() + " back to " + c.previous()) + "\n";
            case SELINUX_ENFORCING -> "setenforce 1 2>/dev/null || true\nif [ -f " + KernelSettings.SELINUX_CONFIG
                    + " ]; then sed -i 's/^SELINUX=permissive$/SELINUX=enforcing/' " + KernelSettings.SELINUX_CONFIG
                    + "; fi\n";
            case FIREWALL_PORT -> {
                String[] toolPort = c.target().split(" ", 2);
                yield Firewall.commands(toolPort[0], List.of(toolPort[1]), false).replace("\n", " || true\n")
                        + " || true\n";
            }
            case PACKAGE -> managed(c, Packages::remove);
            case HOLD -> managed(c, Packages::unhold);
        };
    }

    /** A package command of the recorded manager: "apt containerd" with apt's remove, say. */
    private static String managed(Change c, java.util.function.Function<Packages, String> command) {
        String[] managerName = c.target().split(" ", 2);
        return Packages.byManager(managerName[0]).map(p -> command.apply(p) + " " + Shell.quote(managerName[1])
                + " >/dev/null 2>&1 || warn " + Shell.quote("could not undo " + c.kind().name().toLowerCase()
                + " of " + managerName[1] + " with " + managerName[0]) + "\n").orElse("");
    }
}
