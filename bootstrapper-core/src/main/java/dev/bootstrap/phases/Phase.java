package dev.bootstrap.phases;

/**
 * One step of a workflow (kubeadm's "phase"), run on one host at a time with a context of type C.
 * A phase decides itself whether there is anything to do: running it again on a converged host
 * returns {@link Status#UNCHANGED}.
 */
public interface Phase<C> {

    /** kubeadm's name, as used by {@code init phase <name>} and {@code --skip-phases}. */
    String name();

    /** One line for help and progress output. */
    String title();

    Outcome run(C context) throws Exception;
}
