package dev.bootstrap.preflight;

/**
 * The verdict of one check on one node.
 *
 * @param name     kubeadm's check name (what --ignore-preflight-errors matches), or ours for bootstrap's own checks
 * @param severity how a failure counts
 * @param passed   whether the node is fine in this respect
 * @param message  what was found (kubeadm's wording where kubeadm has the check)
 * @param fix      what to do on this node's OS, or "" when passed
 * @param ignored  an error the user chose to ignore: shown as a warning, never fatal
 */
public record CheckResult(String name, Severity severity, boolean passed, String message, String fix,
                          boolean ignored) {

    public static CheckResult pass(String name, Severity severity, String message) {
        return new CheckResult(name, severity, true, message, "", false);
    }

    public static CheckResult fail(String name, Severity severity, String message, String fix) {
        return new CheckResult(name, severity, false, message, PrepareFixes.withPrepare(name, fix), false);
    }

    /** A failed error that is not ignored: it stops init/join. */
    public boolean fatal() {
        return !passed && severity == Severity.ERROR && !ignored;
    }

    /** A failure shown as a kubeadm warning: a failed warning or an ignored error. */
    public boolean warning() {
        return !passed && (severity == Severity.WARNING || (severity == Severity.ERROR && ignored));
    }

    public CheckResult asIgnored() {
        return new CheckResult(name, severity, passed, message, fix, true);
    }

    /** "ok", "FAILED", "ignored" (a failed error the user chose to ignore) or "info". */
    public String outcome() {
        if (passed) {
            return "ok";
        }
        if (ignored) {
            return "ignored";
        }
        return severity == Severity.INFO ? "info" : "FAILED";
    }
}
