package dev.bootstrap.phases;

import java.util.List;
import java.util.Set;


/**
 * One step of a workflow (kubeadm's "phase"), run on one host at a time with a context of type C.
 * A phase decides itself whether there is anything to do: running it again on a converged host
 * returns {@link Status#UNCHANGED}. What the phase is (name, sub-phases, traits) it declares once, in
 * {@link #spec()}; everything else (the CLI's {@code init phase} commands, {@code --skip-phases}, {@code up}'s
 * journal and write batching) reads it from there.
 */
public interface Phase<C> {

    PhaseSpec spec();

    /** kubeadm's name, as used by {@code init phase <name>} and {@code --skip-phases}. */
    default String name() {
        return spec().name();
    }

    /** One line for help and progress output. */
    default String title() {
        return spec().title();
    }

    Outcome run(C context) throws Exception;

    /** The phases named in {@code only} ({@code init phase NAME}), in workflow order; all of them when it is empty. */
    static <P extends Phase<?>> List<P> selected(List<P> phases, Set<String> only) {
        return phases.stream().filter(p -> only.isEmpty() || only.contains(p.name())).toList();
    }
}
