package dev.bootstrap.preflight;

import dev.bootstrap.phases.Outcome;
import java.util.List;
import java.util.Optional;

/** What a preflight phase reports: its warnings (nothing changed), or kubeadm's error text for the host. */
public final class PreflightVerdict {

    private PreflightVerdict() {
    }

    /** @throws IllegalStateException naming the host, with kubeadm's text, when errors remain */
    public static Outcome of(String host, List<CheckResult> results) {
        Optional<String> fatal = KubeadmFormat.fatalErrors(results);
        if (fatal.isPresent()) {
            throw new IllegalStateException("[" + host + "] preflight checks failed\n" + fatal.get());
        }
        List<String> warnings = KubeadmFormat.warnings(results).stream().map(String::strip).toList();
        return warnings.isEmpty() ? Outcome.unchanged("all " + results.size() + " checks passed")
                : new Outcome(dev.bootstrap.phases.Status.UNCHANGED, warnings);
    }
}
