package dev.bootstrap.phases;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code --skip-phases} and a configuration's {@code skipPhases} name: phases, or sub-phases as
 * {@code phase/sub} (kubeadm's cmd/kubeadm/app/cmd/phases/workflow/runner.go, computePhaseRunFlags: skipping
 * a phase skips its sub-phases). Each entry remembers where it was given, so that an unknown name is
 * reported there.
 */
public final class SkipPhases {

    /** One name as given, and where: "flag --skip-phases" or "kubeadm.yaml:12: InitConfiguration.skipPhases[0]". */
    public record Entry(String value, String source) {
    }

    public static final SkipPhases NONE = new SkipPhases(List.of());

    private final List<Entry> entries;

    private SkipPhases(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    public static SkipPhases of(List<Entry> entries) {
        return new SkipPhases(entries);
    }

    /** Names from one place (a command-line flag), blanks left out. */
    public static SkipPhases given(Collection<String> values, String source) {
        return new SkipPhases(values.stream().map(String::strip).filter(v -> !v.isEmpty())
                .map(v -> new Entry(v, source)).toList());
    }

    /** Every sub-phase of {@code phase} but {@code subPhase}: what running that one sub-phase alone skips. */
    public static SkipPhases allBut(PhaseSpec phase, String subPhase, String source) {
        return given(phase.subPhases().stream().filter(s -> !s.equals(subPhase)).map(s -> phase.name() + "/" + s)
                .toList(), source);
    }

    public SkipPhases plus(SkipPhases more) {
        List<Entry> all = new ArrayList<>(entries);
        all.addAll(more.entries);
        return new SkipPhases(all);
    }

    public List<String> values() {
        return entries.stream().map(Entry::value).distinct().toList();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** Whether the phase itself (and so all of it) is skipped: named, with /all, or each of its sub-phases. */
    public boolean skips(PhaseSpec phase) {
        return contains(phase.name()) || contains(phase.name() + "/all") || (!phase.subPhases().isEmpty()
                && phase.subPhases().stream().allMatch(s -> contains(phase.name() + "/" + s)));
    }

    /** Whether one sub-phase is skipped: named itself, or its phase is. */
    public boolean skips(PhaseSpec phase, String subPhase) {
        return skips(phase) || contains(phase.name() + "/" + subPhase);
    }

    private boolean contains(String value) {
        return entries.stream().anyMatch(e -> e.value().equals(value));
    }

    /** Equal when they skip the same names; where each was given is not part of the value. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SkipPhases other && values().equals(other.values());
    }

    @Override
    public int hashCode() {
        return values().hashCode();
    }

    @Override
    public String toString() {
        return values().toString();
    }

    /**
     * This, once every entry names one of the workflow's phases or one of their sub-phases.
     *
     * @throws IllegalArgumentException naming the first unknown entry, where it was given and what the
     *                                  workflow's phases are
     */
    public SkipPhases checkedAgainst(String workflow, List<PhaseSpec> phases) {
        for (Entry e : entries) {
            String[] parts = e.value().split("/", 2);
            PhaseSpec phase = phases.stream().filter(p -> p.name().equals(parts[0])).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(e.source() + ": unknown phase \"" + e.value() + "\"; "
                            + workflow + "'s phases are " + phases.stream().map(PhaseSpec::name)
                            .collect(Collectors.joining(", "))));
            if (parts.length == 2 && !parts[1].equals("all") && !phase.subPhases().contains(parts[1])) {
                throw new IllegalArgumentException(e.source() + ": unknown phase \"" + e.value() + "\"; "
                        + (phase.subPhases().isEmpty() ? phase.name() + " has no sub-phases"
                        : "the sub-phases of " + phase.name() + " are " + String.join(", ", phase.subPhases())));
            }
        }
        return this;
    }
}
