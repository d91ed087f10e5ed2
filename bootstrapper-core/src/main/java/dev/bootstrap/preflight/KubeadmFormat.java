package dev.bootstrap.preflight;

import java.util.List;
import java.util.Optional;

/** kubeadm's preflight output: "\t[WARNING Name]: msg" lines and the "Some fatal errors occurred" text. */
public final class KubeadmFormat {

    public static final String IGNORE_HINT = "[preflight] If you know what you are doing, you can make a check "
            + "non-fatal with `--ignore-preflight-errors=...`";

    private KubeadmFormat() {
    }

    /** One line per warning (failed warnings and ignored errors), as kubeadm prints them. */
    public static List<String> warnings(List<CheckResult> results) {
        return results.stream().filter(CheckResult::warning).map(r -> "\t[WARNING " + r.name() + "]: " + r.message()).toList();
    }

    /** kubeadm's error text when errors remain, else empty. */
    public static Optional<String> fatalErrors(List<CheckResult> results) {
        List<CheckResult> fatal = results.stream().filter(CheckResult::fatal).toList();
        if (fatal.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder("[preflight] Some fatal errors occurred:\n");
        fatal.forEach(r -> b.append("\t[ERROR ").append(r.name()).append("]: ").append(r.message()).append('\n'));
        return Optional.of(b.append(IGNORE_HINT).toString());
    }
}
