package dev.bootstrap.prepare;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.FileWrite;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.ScriptSections;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Status;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prepares one node for kubeadm, as {@code spec.prepare} asks: one command inspects it, the items plan from what
 * it shows, every change is recorded on the node before it is made (so reset can undo exactly that), the files go
 * in one batch and the commands in one script; then containerd is configured for the release found and started.
 * A prepared node inspects as nothing to do, so a second run changes nothing.
 */
public final class NodePreparation {

    /** Package installs may take minutes on a slow mirror. */
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(10);
    private static final int BATCHED_SIZE = 64 * 1024;

    private final PrepareTarget target;

    public NodePreparation(PrepareTarget target) {
        this.target = target;
    }

    private List<PrepareItem> items(String host) {
        return List.of(new KernelSettings(), new Firewall(), new RuntimeInstall(host), new KubeletInstall(host));
    }

    private NodeState inspect(Host host) {
        List<String> files = Stream.of(List.of(KernelSettings.MODULES_FILE, KernelSettings.SYSCTL_FILE),
                RuntimeInstall.paths(target), KubeletInstall.paths(), ContainerdSetup.paths(target))
                .flatMap(List::stream).distinct().toList();
        return NodeState.inspect(host, files, List.copyOf(KernelSettings.wanted(target).keySet()), KernelSettings.MODULES);
    }

    /** What {@link #apply} would do, without changing anything. */
    public Outcome plan(Host host) {
        if (!target.spec().enabled()) {
            return Outcome.skipped("spec.prepare.enabled is false");
        }
        NodeState state = inspect(host);
        List<PrepareAction> actions = actions(host, state);
        List<String> lines = new ArrayList<>(actions.stream().map(PrepareAction::says).toList());
        boolean changes = actions.stream().anyMatch(NodePreparation::isChange);
        if (target.spec().containerd()) {
            if (state.containerdVersion().isEmpty()) {
                lines.add("containerd configured and started once installed");
                changes = true;
            } else {
                List<String> files = ContainerdSetup.files(host.name(), target, state, state.containerdVersion().get())
                        .stream().map(f -> f.path()).toList();
                if (!files.isEmpty()) {
                    lines.add("containerd configured: " + String.join(", ", files));
                    changes = true;
                }
            }
        }
        return outcome(changes, lines);
    }

    /** Prepares the node. */
    public Outcome apply(Host host) {
        if (!target.spec().enabled()) {
            return Outcome.skipped("spec.prepare.enabled is false");
        }
        NodeState state = inspect(host);
        List<PrepareAction> actions = actions(host, state);
        Recording recording = new Recording(host, state);
        List<FileWrite> writes = actions.stream().flatMap(a -> a.writes().stream()).toList();
        recording.changes(actions.stream().flatMap(a -> a.records().stream()).toList());
        recording.files(writes);
        write(host, writes);
        String script = String.join("\n", actions.stream().map(PrepareAction::script).filter(s -> !s.isEmpty()).toList());
        if (!script.isEmpty()) {
            CommandResult result = host.run("set -e\n" + script + "\necho '### end'", SCRIPT_TIMEOUT);
            if (!result.ok() || !result.stdout().contains("### end")) {
                throw new HostException(host.name(), "prepare did not finish (" + result.describeExit() + ")"
                        + result.stderrTail() + "\nfix what is named above and run again: what was done is kept");
            }
            Map<String, List<String>> sections = ScriptSections.parse(result.stdout());
            if (sections.containsKey(KernelSettings.READBACK)) {
                KernelSettings.verify(host.name(), state.os(), KernelSettings.wanted(target),
                        sections.get(KernelSettings.READBACK));
            }
        }
        List<String> lines = new ArrayList<>(actions.stream().map(PrepareAction::says).toList());
        boolean changed = actions.stream().anyMatch(NodePreparation::isChange);
        if (target.spec().containerd()) {
            List<String> done = ContainerdSetup.apply(host, target, state, recording);
            lines.addAll(done);
            changed |= !done.isEmpty();
        }
        return outcome(changed, lines);
    }

    private static Outcome outcome(boolean changed, List<String> lines) {
        return changed ? new Outcome(Status.CHANGED, lines)
                : new Outcome(Status.UNCHANGED, lines.isEmpty() ? List.of("the node is prepared") : lines);
    }

    /** Small files in one round trip; binaries each streamed on their own (a batch is one shell script). */
    private static void write(Host host, List<FileWrite> writes) {
        List<FileWrite> small = writes.stream().filter(w -> w.content().length <= BATCHED_SIZE).toList();
        if (!small.isEmpty()) {
            host.writeFiles(small);
        }
        writes.stream().filter(w -> w.content().length > BATCHED_SIZE)
                .forEach(w -> host.writeFile(w.path(), w.content(), w.mode(), w.owner()));
    }

    private List<PrepareAction> actions(Host host, NodeState state) {
        return items(host.name()).stream().flatMap(i -> i.plan(state, target).stream()).toList();
    }

    /** A note (a firewall left alone) changes nothing. */
    private static boolean isChange(PrepareAction a) {
        return !a.records().isEmpty() || !a.writes().isEmpty() || !a.script().isEmpty();
    }

    /** The node's record, extended and written back (atomically) before each batch of changes. */
    private static final class Recording implements ContainerdSetup.Recorder {

        private final Host host;
        private final NodeState state;
        private PrepareRecord record;

        Recording(Host host, NodeState state) {
            this.host = host;
            this.state = state;
            this.record = state.record();
        }

        @Override
        public void changes(List<Change> changes) {
            PrepareRecord next = record.with(changes);
            if (!next.equals(record)) {
                host.writeFile(PrepareRecord.PATH, next.json().getBytes(StandardCharsets.UTF_8), 0600);
                record = next;
            }
        }

        /** A file keeps its content from before the first prepare; fstab's lines are recorded one by one instead. */
        @Override
        public void files(List<FileWrite> writes) {
            List<Change> files = new ArrayList<>();
            for (FileWrite w : writes) {
                if (w.path().equals(KernelSettings.FSTAB) || record.find(Kind.FILE, w.path()).isPresent()) {
                    continue;
                }
                String previous = state.exists(w.path()) ? host.readFile(w.path())
                        .map(b -> Base64.getEncoder().encodeToString(b)).orElse(null) : null;
                files.add(new Change(Kind.FILE, w.path(), previous));
            }
            changes(files);
        }
    }
}
