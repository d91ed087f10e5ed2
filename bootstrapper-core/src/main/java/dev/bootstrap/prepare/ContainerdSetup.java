package dev.bootstrap.prepare;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import dev.bootstrap.runtime.ContainerdConfig;
import dev.bootstrap.runtime.ContainerdException;
import dev.bootstrap.runtime.ContainerdVersion;
import dev.bootstrap.templates.RenderedFile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * containerd configured for the kubelet, once it is installed: config.toml in the format of the release found,
 * checked with that release's own {@code containerd config dump} before it replaces the live file, the registry
 * mirrors' hosts.toml files, then the service (re)started and its socket answering.
 */
final class ContainerdSetup {

    static final String SERVICE = "containerd";
    static final String SOCKET = "/run/containerd/containerd.sock";
    private static final String CHECK = ContainerdConfig.PATH + ".bootstrap-check";
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    private ContainerdSetup() {
    }

    static List<String> paths(PrepareTarget target) {
        List<String> paths = new ArrayList<>(List.of(ContainerdConfig.PATH));
        target.registries().hostsFiles(target.renderer()).forEach(f -> paths.add(f.path()));
        return paths;
    }

    /** The files containerd needs and does not have yet, for a containerd of {@code versionOutput}. */
    static List<RenderedFile> files(String host, PrepareTarget target, NodeState state, String versionOutput) {
        ContainerdVersion version;
        try {
            version = ContainerdVersion.parse(versionOutput);
            version.configFormat();
        } catch (ContainerdException e) {
            throw new HostException(host, e.getMessage());
        }
        List<RenderedFile> files = new ArrayList<>();
        files.add(new ContainerdConfig(target.renderer()).render(version, ContainerdConfig.CgroupDriver.SYSTEMD,
                target.cluster()));
        files.addAll(target.registries().hostsFiles(target.renderer()));
        return files.stream().filter(f -> !state.holds(f.path(), f.content())).toList();
    }

    /**
     * Configures and starts containerd on {@code host}; {@code record} records what it changes before changing it.
     * Returns what it did.
     */
    static List<String> apply(Host host, PrepareTarget target, NodeState state, Recorder record) {
        String versionOutput = state.containerdVersion().orElseGet(() -> host.runChecked("containerd --version",
                TIMEOUT).stdout().strip());
        List<RenderedFile> files = files(host.name(), target, state, versionOutput);
        List<String> lines = new ArrayList<>();
        Optional<RenderedFile> config = files.stream().filter(f -> f.path().equals(ContainerdConfig.PATH)).findFirst();
        if (config.isPresent()) {
            check(host, target, config.get(), versionOutput);
        }
        if (!files.isEmpty()) {
            record.files(files.stream().map(f -> new FileWrite(f.path(), f.content(), f.mode(), null)).toList());
            host.writeFiles(files.stream().map(f -> new FileWrite(f.path(), f.content(), f.mode(), null)).toList());
            lines.add("containerd configured (" + versionOutput.split("\\s+")[2] + "): " + String.join(", ",
                    files.stream().map(RenderedFile::path).toList()));
        }
        boolean active = target.services().isActive(host, SERVICE);
        if (!active || config.isPresent()) {
            if (!active) {
                record.changes(List.of(Change.of(Kind.SERVICE, SERVICE)));
            }
            target.services().restart(host, SERVICE);
            lines.add("containerd " + (active ? "restarted" : "started") + " (" + target.services().kind() + ")");
            awaitSocket(host);
        }
        return lines;
    }

    /** The candidate config, read by the node's containerd: what it dumps must show what was written. */
    private static void check(Host host, PrepareTarget target, RenderedFile config, String versionOutput) {
        host.writeFile(CHECK, config.content(), 0644);
        CommandResult dump = host.run("containerd --config " + Shell.quote(CHECK) + " config dump; rc=$?; rm -f "
                + Shell.quote(CHECK) + "; exit $rc", TIMEOUT);
        if (!dump.ok()) {
            throw new HostException(host.name(), "containerd rejected the config.toml bootstrap rendered for it ("
                    + dump.describeExit() + "); the live " + ContainerdConfig.PATH + " was left as it was"
                    + dump.stderrTail());
        }
        List<String> shown = dump.stdout().lines().map(String::strip).toList();
        List<String> missing = ContainerdConfig.dumped(ContainerdVersion.parse(versionOutput),
                ContainerdConfig.CgroupDriver.SYSTEMD, target.cluster()).stream().filter(l -> !shown.contains(l)).toList();
        if (!missing.isEmpty()) {
            throw new HostException(host.name(), "containerd (" + versionOutput + ") read the config.toml bootstrap "
                    + "rendered but does not apply " + String.join(", ", missing) + "; the live " + ContainerdConfig.PATH
                    + " was left as it was. Is the containerd on PATH the one the service runs?");
        }
    }

    private static void awaitSocket(Host host) {
        String s = Shell.quote(SOCKET);
        CommandResult r = host.run("i=0; while :; do if command -v ctr >/dev/null 2>&1; then ctr --address " + s
                + " version >/dev/null 2>&1 && exit 0; elif [ -S " + s + " ]; then exit 0; fi; i=$((i+1)); "
                + "[ $i -lt 60 ] || exit 1; sleep 0.5; done", TIMEOUT);
        if (!r.ok()) {
            throw new HostException(host.name(), "containerd was started but " + SOCKET + " does not answer after 30 s:"
                    + " look at the containerd service's log on the node (journalctl -u containerd)");
        }
    }

    /** Records changes on the node before they are made. */
    interface Recorder {
        void changes(List<Change> changes);

        void files(List<FileWrite> writes);
    }
}
