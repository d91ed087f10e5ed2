package dev.bootstrap.preflight;

/** What a node is about to become; decides between kubeadm's init and join check lists. */
public enum PreflightRole {
    /** The first control plane (kubeadm init). */
    CONTROL_PLANE("control-plane"),
    WORKER("worker"),
    /** An additional control plane (kubeadm join --control-plane). */
    CONTROL_PLANE_JOIN("control-plane-join");

    private final String label;

    PreflightRole(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
