package dev.bootstrap.state;

import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.HostException;
import dev.bootstrap.host.Shell;
import dev.bootstrap.pki.NodeLayout;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * <p>The journal only lets steps be skipped: every step is idempotent without it. So a journal that
 * cannot be read (truncated, empty, garbage) is set aside on its node, renamed with the time and kept
 * for a look, and the node counts as one without a journal; {@link #warnings} names what was set aside.
 *
 * <p>Thread-safe: hosts may be worked on in parallel.
 */
public final class Journal {

    public static final String DEFAULT_PATH = NodeLayout.BOOTSTRAP_DIR + "/journal.json";
    private static final int FORMAT = 1;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final JsonMapper JSON = JsonMapper.shared();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final String path;
    private final Clock clock;
    private final boolean readOnly;
    private final ConcurrentMap<String, NodeJournal> nodes = new ConcurrentHashMap<>();

    public Journal() {
        this(DEFAULT_PATH, Clock.systemUTC());
    }

    public Journal(String path, Clock clock) {
        this(path, clock, false);
    }

    private Journal(String path, Clock clock, boolean readOnly) {
        this.path = path;
        this.clock = clock;
        this.readOnly = readOnly;
    }

    /** A journal that never changes a node (for plan): a damaged one is only reported as up would set it aside. */
    public static Journal readOnly() {
        return new Journal(DEFAULT_PATH, Clock.systemUTC(), true);
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
                return StepStatus.neverCompleted();
            }
            if (!entry.inputs().equals(inputs)) {
                return StepStatus.inputsChanged();
            }
            List<String> changed = entry.files().keySet().stream()
                    .filter(f -> !entry.files().get(f).equals(node.actual.get(f))).sorted().toList();
            return changed.isEmpty() ? StepStatus.upToDate() : StepStatus.filesChanged(changed);
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
        if (readOnly) {
            throw new IllegalStateException("a read-only journal records nothing");
        }
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

    /** The lower-case hex sha256 of content, as the journal and sha256sum write it. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * What was wrong with the node's journal, if it could not be read: it was set aside (or, read-only,
     * would be by up). Loads the node's journal if that has not happened yet.
     */
    public Optional<String> warning(Host host) {
        return node(host).warning;
    }

    /** The warnings of every node whose journal was loaded so far, by node name. */
    public List<String> warnings() {
        return new TreeMap<>(nodes).values().stream().flatMap(n -> n.warning.stream()).toList();
    }

    /** A node's journal as loaded, the checksums its recorded files have now, and what was wrong with it. */
    private static final class NodeJournal {
        final Map<String, JournalEntry> entries;
        final Map<String, String> actual;
        final Optional<String> warning;

        NodeJournal(Map<String, JournalEntry> entries, Map<String, String> actual, Optional<String> warning) {
            this.entries = entries;
            this.actual = actual;
            this.warning = warning;
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
        Optional<byte[]> content = host.readFile(path);
        if (content.isEmpty()) {
            return new NodeJournal(new LinkedHashMap<>(), new ConcurrentHashMap<>(), Optional.empty());
        }
        Map<String, JournalEntry> entries;
        try {
            entries = parse(content.get());
        } catch (IllegalArgumentException damaged) {
            // Instead of the checksum command a readable journal takes: no extra round trip.
            return new NodeJournal(new LinkedHashMap<>(), new ConcurrentHashMap<>(),
                    Optional.of(setAside(host, damaged.getMessage())));
        }
        List<String> files = new ArrayList<>(new LinkedHashSet<>(
                entries.values().stream().flatMap(e -> e.files().keySet().stream()).toList()));
        return new NodeJournal(entries, new ConcurrentHashMap<>(checksums(host, files)), Optional.empty());
    }

    /** Renames a damaged journal with the time (unless read-only) and says so. */
    private String setAside(Host host, String problem) {
        String found = "the journal " + path + " on " + host.name() + " is unreadable (" + problem + ")";
        if (readOnly) {
            return found + ": up sets it aside as " + path + ".damaged-TIME and runs the node's steps as on a node "
                    + "without a journal";
        }
        String aside = path + ".damaged-" + STAMP.format(clock.instant());
        host.runChecked("mv -f -- " + Shell.quote(host.shellPath(path)) + " " + Shell.quote(host.shellPath(aside)),
                TIMEOUT);
        return found + ", so it was set aside as " + aside + "; the node's steps ran as on a node without a journal";
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

    /** @throws IllegalArgumentException saying in one line what is wrong with the journal */
    private static Map<String, JournalEntry> parse(byte[] content) {
        Map<String, JournalEntry> entries = new LinkedHashMap<>();
        String text = new String(content, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            throw new IllegalArgumentException(content.length == 0 ? "empty" : "blank");
        }
        try {
            JsonNode root = JSON.readTree(text);
            if (root.path("format").asInt() != FORMAT) {
                throw new IllegalArgumentException("unknown format " + root.path("format"));
            }
            for (Map.Entry<String, JsonNode> step : root.path("steps").properties()) {
                Map<String, String> files = new LinkedHashMap<>();
                step.getValue().path("files").properties().forEach(f -> files.put(f.getKey(), f.getValue().asString()));
                entries.put(step.getKey(), new JournalEntry(step.getKey(), step.getValue().path("inputs").asString(),
                        Instant.parse(step.getValue().path("completed").asString()), files));
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException(e.getOriginalMessage().lines().findFirst().orElse("not JSON"), e);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return entries;
    }
}
