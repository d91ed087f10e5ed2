package dev.bootstrap.phases;


/** What a phase is like, as the workflows that run it need to know; declared on the phase's {@link PhaseSpec}. */
public enum Trait {
    /**
     * Only makes files from the configuration: {@code up} does not run it again while the node's journal shows
     * it done with the same inputs and its files unchanged.
     */
    FILES_FROM_CONFIG,
    /**
     * Nothing outside the node waits on its files while it runs: {@code up} holds its writes back and sends
     * them in one round trip (a phase that starts a service with a command writes held files first).
     */
    HOLDS_WRITES,
    /** {@code up} runs its own instead, for every node of the cluster at once (preflight). */
    REPLACED_IN_UP,
    /** Once it ran, other nodes can join: the bootstrap token and the signed cluster-info exist. */
    OPENS_JOINING
}
