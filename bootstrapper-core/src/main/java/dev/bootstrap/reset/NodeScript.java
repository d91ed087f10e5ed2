package dev.bootstrap.reset;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.ScriptSections;
import dev.bootstrap.host.Shell;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Shell fragments and output parsing shared by the reset phases' batched node commands. */
final class NodeScript {

    static final Duration INSPECT_TIMEOUT = Duration.ofMinutes(1);
    /** Long enough for crictl's five retries per pod sandbox. */
    static final Duration ACT_TIMEOUT = Duration.ofMinutes(10);

    private NodeScript() {
    }

    /** Prints the number of entries in a directory (0 when it is missing). */
    static String countEntries(String shellDir) {
        String d = Shell.quote(shellDir + "/");
        return "if [ -d " + d + " ]; then find " + d + " -mindepth 1 -maxdepth 1 | wc -l; else echo 0; fi";
    }

    /** Deletes what is inside a directory, keeping the directory (kubeadm's CleanDir). */
    static String deleteContents(String shellDir) {
        return "find " + Shell.quote(shellDir + "/") + " -mindepth 1 -maxdepth 1 -exec rm -rf -- {} +";
    }

    /** Refuses directories whose contents must never be deleted by mistake ("/", relative paths). */
    static void requireCleanable(Host host, String nodeDir, String what) {
        if (!nodeDir.startsWith("/") || nodeDir.replace("/", "").isEmpty() || List.of(nodeDir.split("/")).contains("..")) {
            throw new HostException(host.name(), "refusing to delete the contents of " + what + " '" + nodeDir
                    + "': it must be an absolute directory other than /");
        }
    }

    /** Runs an inspection command; its stdout is "### name" headers each followed by value lines. */
    static Map<String, List<String>> inspect(Host host, String script, String what) {
        CommandResult result = host.run(script + "\necho '### end'", INSPECT_TIMEOUT);
        if (!result.stdout().contains("### end")) {
            throw new HostException(host.name(), "inspecting " + what + " failed (" + result.describeExit() + ")"
                    + result.stderrTail());
        }
        return ScriptSections.parse(result.stdout());
    }

    /** The first value line of a section as a number (an entry count). */
    static int number(Map<String, List<String>> sections, String name) {
        List<String> lines = sections.getOrDefault(name, List.of());
        return lines.isEmpty() ? 0 : Integer.parseInt(lines.get(0).trim());
    }
}
