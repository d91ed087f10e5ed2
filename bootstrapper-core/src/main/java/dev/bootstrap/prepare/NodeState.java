package dev.bootstrap.prepare;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.ScriptSections;
import dev.bootstrap.host.Shell;
import dev.bootstrap.preflight.OsFamily;
import dev.bootstrap.state.Journal;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node as prepare sees it, from one read-only command (inspect.sh): OS, swap, modules, sysctls, SELinux,
 * firewall, which tools exist, the runtime's and the kubelet's versions, the sha256 of the files prepare manages
 * and its own record.
 */
record NodeState(OsFamily os, boolean systemd, List<String> activeSwaps, List<String> fstab, boolean swapTargetMasked,
                 Map<String, String> modules, Map<String, Optional<String>> sysctls, boolean selinuxEnforcing,
                 boolean firewalld, boolean ufw, Map<String, String> tools, Optional<String> containerdVersion,
                 Optional<String> kubeletVersion, List<String> units, List<String> holds, Map<String, String> sha256,
                 PrepareRecord record) {

    private static final Duration TIMEOUT = Duration.ofMinutes(1);
    private static final String SCRIPT = load();

    /** Inspects {@code host}; {@code files} are reported by sha256, {@code sysctls} as dotted keys. */
    static NodeState inspect(Host host, List<String> files, List<String> sysctls, List<String> modules) {
        String command = "FILES=" + Shell.quote(String.join("\n", files))
                + "\nSYSCTLS=" + Shell.quote(String.join(" ", sysctls.stream().map(NodeState::procPath).toList()))
                + "\nMODULES=" + Shell.quote(String.join(" ", modules))
                + "\nRECORD=" + Shell.quote(PrepareRecord.PATH) + "\n" + SCRIPT;
        CommandResult result = host.run(command, TIMEOUT);
        if (!result.stdout().contains("\n### end")) {
            throw new HostException(host.name(), "inspecting the node for prepare failed (" + result.describeExit()
                    + ")" + result.stderrTail());
        }
        return parse(host.name(), ScriptSections.parse(result.stdout()));
    }

    static NodeState parse(String hostName, Map<String, List<String>> s) {
        Map<String, String> osRelease = new HashMap<>();
        for (String line : s.getOrDefault("os-release", List.of())) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                osRelease.put(line.substring(0, eq), line.substring(eq + 1).replaceAll("^\"|\"$", ""));
            }
        }
        Map<String, String> modules = new LinkedHashMap<>();
        for (String line : lines(s, "modules")) {
            String[] parts = line.trim().split(" ");
            modules.put(parts[0], parts.length > 1 ? parts[1] : "absent");
        }
        Map<String, Optional<String>> sysctls = new LinkedHashMap<>();
        for (String line : lines(s, "sysctl")) {
            int eq = line.indexOf('=');
            String path = eq < 0 ? line.trim() : line.substring(0, eq);
            sysctls.put(path.replace('/', '.'), eq < 0 ? Optional.empty() : Optional.of(line.substring(eq + 1).trim()));
        }
        Map<String, String> tools = new LinkedHashMap<>();
        for (String line : lines(s, "tools")) {
            int eq = line.indexOf('=');
            if (eq > 0 && eq < line.length() - 1) {
                tools.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        Map<String, String> sha = new LinkedHashMap<>();
        for (String line : lines(s, "sha256")) {
            int space = line.indexOf("  ");
            if (space == 64) {
                sha.put(line.substring(space + 2), line.substring(0, space));
            }
        }
        PrepareRecord record;
        try {
            record = PrepareRecord.parse(String.join("\n", s.getOrDefault("record", List.of())));
        } catch (IllegalArgumentException e) {
            throw new HostException(hostName, "the prepare record " + PrepareRecord.PATH + " is " + e.getMessage()
                    + "; it lists what reset undoes: repair it, or move it away to let prepare start a new one "
                    + "(reset then undoes nothing prepare did before)");
        }
        return new NodeState(OsFamily.of(osRelease), first(s, "pid1").equals("systemd"), lines(s, "swaps").stream()
                .map(l -> l.trim().split("\\s+")[0]).toList(), withoutSeparator(s.getOrDefault("fstab", List.of())),
                first(s, "swap-target").equals("masked"), modules, sysctls, first(s, "selinux-enforce").equals("1"),
                first(s, "firewalld").equals("running"), first(s, "ufw").equals("Status: active"), tools,
                Optional.of(first(s, "containerd-version")).filter(v -> !v.isEmpty()),
                Optional.of(first(s, "kubelet-version")).filter(v -> !v.isEmpty()), lines(s, "units"),
                lines(s, "holds"), sha, record);
    }

    boolean has(String tool) {
        return tools.containsKey(tool);
    }

    boolean exists(String path) {
        return sha256.containsKey(path);
    }

    /** Whether the file at {@code path} has exactly {@code content}. */
    boolean holds(String path, byte[] content) {
        return Journal.sha256(content).equals(sha256.get(path));
    }

    boolean holds(String path, String content) {
        return holds(path, content.getBytes(StandardCharsets.UTF_8));
    }

    static String procPath(String key) {
        return key.replace('.', '/');
    }

    /** A section's lines as the file has them: the empty line the next section's header starts with dropped. */
    private static List<String> withoutSeparator(List<String> lines) {
        return !lines.isEmpty() && lines.get(lines.size() - 1).isEmpty() ? lines.subList(0, lines.size() - 1) : lines;
    }

    private static List<String> lines(Map<String, List<String>> s, String name) {
        return s.getOrDefault(name, List.of()).stream().filter(l -> !l.isBlank()).toList();
    }

    private static String first(Map<String, List<String>> s, String name) {
        return lines(s, name).stream().findFirst().orElse("").trim();
    }

    private static String load() {
        try (InputStream in = NodeState.class.getResourceAsStream("inspect.sh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new UncheckedIOException("inspect.sh is missing from the bootstrapper-core jar",
                    e instanceof IOException io ? io : new IOException(e));
        }
    }
}
