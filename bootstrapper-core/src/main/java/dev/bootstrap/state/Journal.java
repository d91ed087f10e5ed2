package dev.bootstrap.state;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Per node, the steps of a run that completed, with the sha256 of every file each step wrote, kept
 * on the node itself (so it outlives the orchestrator, even a SIGKILLed one) and replaced
 * atomically on every change. A step is recorded only after its effects, so a run that dies at
 * any point leaves at worst a step that ran but is not recorded: the next run does it again.
 *
 * <p>On the next run, the first question about a node loads its journal and checks the recorded
 * files of all steps with one batched sha256sum command; a step counts as done only when it was
 * recorded with the same inputs and all its files still match.
 *
 * <p>Thread-safe: hosts may be worked on in parallel.
 */
public final class Journal {

    public static final String DEFAULT_PATH = "/etc/kubernetes/bootstrap/journal.json";
    private static final int FORMAT = 1;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.shared();

    private final String path;
    private final Clock clock;
    private final ConcurrentMap<String, NodeJournal> nodes = new ConcurrentHashMap<>();

    public Journal() {
        this(DEFAULT_PATH, Clock.systemUTC());
    }

    public Journal(String path, Clock clock) {
        this.path = path;
        this.clock = clock;
    }

    /** Whether {@code step} can be skipped on this node: see {@link #status}. */
    public boolean isDone(Host host, String step, String inputs) {
        return status(host, step, inputs).done();
    }

    /** Whether {@code step} was completed with these inputs and its files are still as it wrote them, and if not why. */
    public StepStatus status(Host host, String step, String inputs) {
        NodeJournal node = node(host);
        synchronized (node) {
            JournalEntry entry = node.entries.get(step);
            if (entry == null) {
                return StepStatus.pending("never completed");
            }
            if (!entry.inputs().equals(inputs)) {
                return StepStatus.pending("its inputs changed since it completed");
            }
            List<String> changed = entry.files().keySet().stream()
                    .filter(f -> !entry.files().get(f).equals(node.actual.get(f))).sorted().toList();
            return changed.isEmpty() ? StepStatus.upToDate()
                    : StepStatus.pending("changed or missing since it completed: " + String.join(", ", changed));
        }
    }

    /** The recorded entry of a step, whatever its files look like now. */
    public Optional<JournalEntry> entry(Host host, String step) {
        NodeJournal node = node(host);
        synchronized (node) {
            return Optional.ofNullable(node.entries.get(step));
        }
    }

    /**
     * Records that {@code step} completed on this node, after all its effects. Returns when the
     * journal on the node says so.
     *
     * @param checksums node path to sha256 (see {@link #sha256}) of each file the step wrote
     */
    public void completed(Host host, String step, String inputs, Map<String, String> checksums) {
        NodeJournal node = node(host);
        synchronized (node) {
            JournalEntry before = node.entries.get(step);
            if (before != null && before.inputs().equals(inputs) && before.files().equals(checksums)
                    && checksums.entrySet().stream().allMatch(f -> f.getValue().equals(node.actual.get(f.getKey())))) {
                return; // already recorded as it is: a converged run leaves the journal untouched too
            }
            node.entries.put(step, new JournalEntry(step, inputs, Instant.now(clock), checksums));
            host.writeFile(path, render(host.name(), node.entries), 0600);
            node.actual.putAll(checksums);
        }
    }

    /** As {@link #completed(Host, String, String, Map)} for files the step made with commands: summed on the node. */
    public void completedFiles(Host host, String step, String inputs, List<String> files) {
        Map<String, String> sums = checksums(host, files);
        List<String> missing = files.stream().filter(f -> !sums.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new HostException(host.name(), "step " + step + " cannot be recorded as completed: it should have "
                    + "written " + String.join(", ", missing) + ", which is missing or unreadable");
        }
        completed(host, step, inputs, sums);
    }

    /** The lower-case hex sha256 of content, as the journal and sha256sum write it. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /** A node's journal as loaded, and the checksums its recorded files have now. */
    private static final class NodeJournal {
        final Map<String, JournalEntry> entries;
        final Map<String, String> actual;

        NodeJournal(Map<String, JournalEntry> entries, Map<String, String> actual) {
            this.entries = entries;
            this.actual = actual;
        }
    }

    /**
     * Loads the node's journal now (a read, and a checksum of each file it names) instead of at its first
     * step: for a node that waits for others anyway, that takes the round trips off its critical path.
     */
    public void preload(Host host) {
        node(host);
    }

    private NodeJournal node(Host host) {
        return nodes.computeIfAbsent(host.name(), n -> load(host));
    }

    private NodeJournal load(Host host) {
        Map<String, JournalEntry> entries = host.readFile(path).map(b -> parse(host, b)).orElseGet(LinkedHashMap::new);
        List<String> files = new ArrayList<>(new LinkedHashSet<>(
                entries.values().stream().flatMap(e -> e.files().keySet().stream()).toList()));
        return new NodeJournal(entries, new ConcurrentHashMap<>(checksums(host, files)));
    }

    /** sha256 of each file that exists, with one command; missing and unreadable files are absent. */
    private static Map<String, String> checksums(Host host, List<String> files) {
        if (files.isEmpty()) {
            return Map.of();
        }
        StringBuilder s = new StringBuilder("for f in");
        files.forEach(f -> s.append(' ').append(Shell.quote(host.shellPath(f))));
        // One line per file in order, "-" for a missing one: no file name parsing needed.
        s.append("; do h=$(sha256sum 2>/dev/null < \"$f\") && printf '%s\\n' \"${h%% *}\" || echo -; done");
        CommandResult result = host.runChecked(s.toString(), TIMEOUT);
        List<String> lines = result.stdout().lines().toList();
        if (lines.size() != files.size()) {
            throw new HostException(host.name(), "checking the journal's files: expected " + files.size()
                    + " checksums, sha256sum printed " + lines.size() + " lines" + result.stderrTail());
        }
        Map<String, String> sums = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            if (lines.get(i).matches("[0-9a-f]{64}")) {
                sums.put(files.get(i), lines.get(i));
            }
        }
        return sums;
    }

    private byte[] render(String host, Map<String, JournalEntry> entries) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("host", host);
        ObjectNode steps = root.putObject("steps");
        for (JournalEntry e : entries.values()) {
            ObjectNode step = steps.putObject(e.step());
            step.put("inputs", e.inputs());
            step.put("completed", e.completed().toString());
            ObjectNode files = step.putObject("files");
            e.files().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(f -> files.put(f.getKey(), f.getValue()));
        }
        return (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, JournalEntry> parse(Host host, byte[] content) {
        Map<String, JournalEntry> entries = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(new String(content, StandardCharsets.UTF_8));
            if (root.path("format").asInt() != FORMAT) {
                throw new IllegalArgumentException("unknown format " + root.path("format"));
            }
            for (Map.Entry<String, JsonNode> step : root.path("steps").properties()) {
                Map<String, String> files = new LinkedHashMap<>();
                step.getValue().path("files").properties().forEach(f -> files.put(f.getKey(), f.getValue().asString()));
                entries.put(step.getKey(), new JournalEntry(step.getKey(), step.getValue().path("inputs").asString(),
                        Instant.parse(step.getValue().path("completed").asString()), files));
            }
        } catch (JacksonException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new HostException(host.name(), "the journal " + path + " is unreadable (" + e.getMessage()
                    + "); delete it to run every step again");
        }
        return entries;
    }
}
