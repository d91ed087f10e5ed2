package dev.bootstrap.state;

/** Whether a step can be skipped on a node, and if not why (for plan output and logs). */
public record StepStatus(boolean done, String reason) {

    static StepStatus upToDate() {
        return new StepStatus(true, "completed earlier and its files are unchanged");
    }

    static StepStatus pending(String reason) {
        return new StepStatus(false, reason);
    }
}
