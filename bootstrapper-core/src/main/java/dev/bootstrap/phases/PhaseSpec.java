package dev.bootstrap.phases;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What a phase is, declared once on the phase: kubeadm's name, a title for help and progress, the
 * sub-phases it runs one by one (kubeadm's {@code init phase certs ca}, {@code --skip-phases certs/ca};
 * kubeadm's cmd/kubeadm/app/cmd/phases/workflow/phase.go) and its {@link Trait}s.
 */
public record PhaseSpec(String name, String title, List<String> subPhases, Set<Trait> traits) {

    public PhaseSpec {
        if (!name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("a phase name is lower-case words joined by '-': " + name);
        }
        subPhases = List.copyOf(subPhases);
        traits = traits.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(traits));
    }

    public static PhaseSpec of(String name, String title, Trait... traits) {
        return new PhaseSpec(name, title, List.of(), traits.length == 0 ? Set.of() : EnumSet.of(traits[0], traits));
    }

    public PhaseSpec withSubPhases(List<String> names) {
        return new PhaseSpec(name, title, names, traits);
    }

    public boolean has(Trait trait) {
        return traits.contains(trait);
    }
}
