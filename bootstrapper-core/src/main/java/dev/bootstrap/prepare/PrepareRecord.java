package dev.bootstrap.prepare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What prepare changed on a node, kept on the node so that reset undoes exactly that and no more. A change is
 * recorded before it is made: a run killed in between leaves a record whose undo is harmless (removing what is
 * not there, restoring a value still in place). The first record of a change wins, so the state before the
 * first prepare is what reset restores however often prepare ran.
 *
 * @param changes in the order they were made (undone in reverse)
 */
public record PrepareRecord(List<Change> changes) {

    /** Outside /etc/kubernetes, which reset empties before it undoes prepare. */
    public static final String PATH = "/var/lib/bootstrap/prepared.json";
    private static final int FORMAT = 1;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public enum Kind {
        /** A file prepare wrote; {@code previous} is its content before (base64), null when it did not exist. */
        FILE,
        /** An /etc/fstab line prepare commented out. */
        FSTAB_LINE,
        /** A swap device or file that was on. */
        SWAP,
        /** A systemd unit prepare masked. */
        MASKED_UNIT,
        /** A kernel module prepare loaded. */
        MODULE,
        /** A sysctl prepare set; {@code previous} is its value before, null when the key did not exist. */
        SYSCTL,
        /** SELinux was enforcing. */
        SELINUX_ENFORCING,
        /** A port prepare opened: "firewalld 6443/tcp" or "ufw 6443/tcp". */
        FIREWALL_PORT,
        /** A package prepare installed: "apt containerd". */
        PACKAGE,
        /** A package prepare pinned: "apt kubelet". */
        HOLD,
        /** A service prepare started. */
        SERVICE
    }

    /** One change: what kind, to what (a path, key, device, name), and what was there before where that matters. */
    public record Change(Kind kind, String target, String previous) {

        static Change of(Kind kind, String target) {
            return new Change(kind, target, null);
        }

        String key() {
            return kind + " " + target;
        }
    }

    public static final PrepareRecord EMPTY = new PrepareRecord(List.of());

    public PrepareRecord {
        changes = List.copyOf(changes);
    }

    /** The record's JSON; empty text (no record) is an empty record, anything unreadable an exception naming why. */
    static PrepareRecord parse(String text) {
        if (text.isBlank()) {
            return EMPTY;
        }
        try {
            JsonNode root = JSON.readTree(text);
            if (root.path("format").asInt() != FORMAT) {
                throw new IllegalArgumentException("format " + root.path("format") + " is not " + FORMAT);
            }
            List<Change> changes = new ArrayList<>();
            for (JsonNode c : root.path("changes")) {
                JsonNode previous = c.get("previous");
                changes.add(new Change(Kind.valueOf(c.path("kind").asString()), c.path("target").asString(),
                        previous == null || previous.isNull() ? null : previous.asString()));
            }
            return new PrepareRecord(changes);
        } catch (JacksonException | IllegalArgumentException e) {
            throw new IllegalArgumentException("unreadable: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("changes");
        for (Change c : changes) {
            ObjectNode o = list.addObject();
            o.put("kind", c.kind().name());
            o.put("target", c.target());
            if (c.previous() != null) {
                o.put("previous", c.previous());
            }
        }
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    /** This record with {@code more} added; a change already recorded keeps its first entry. */
    PrepareRecord with(List<Change> more) {
        Map<String, Change> merged = new LinkedHashMap<>();
        changes.forEach(c -> merged.put(c.key(), c));
        more.forEach(c -> merged.putIfAbsent(c.key(), c));
        return new PrepareRecord(new ArrayList<>(merged.values()));
    }

    Optional<Change> find(Kind kind, String target) {
        return changes.stream().filter(c -> c.kind() == kind && c.target().equals(target)).findFirst();
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }
}
