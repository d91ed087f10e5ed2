package dev.bootstrap.state;

import java.util.List;

/** Whether a step can be skipped on a node, and if not why: as a value for decisions, as text for output and logs. */
public record StepStatus(State state, String reason) {

    public enum State { DONE, NEVER_COMPLETED, INPUTS_CHANGED, FILES_CHANGED }

    static StepStatus upToDate() {
        return new StepStatus(State.DONE, "completed earlier and its files are unchanged");
    }

    static StepStatus neverCompleted() {
        return new StepStatus(State.NEVER_COMPLETED, "never completed");
    }

    static StepStatus inputsChanged() {
        return new StepStatus(State.INPUTS_CHANGED, "its inputs changed since it completed");
    }

    static StepStatus filesChanged(List<String> files) {
        return new StepStatus(State.FILES_CHANGED, "changed or missing since it completed: " + String.join(", ", files));
    }

    public boolean done() {
        return state == State.DONE;
    }
}
