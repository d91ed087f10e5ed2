package dev.bootstrap.preflight;

/** What a node is about to become; decides between kubeadm's init and join check lists. */
public enum Role {
    CONTROL_PLANE("control-plane"),
    WORKER("worker");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
