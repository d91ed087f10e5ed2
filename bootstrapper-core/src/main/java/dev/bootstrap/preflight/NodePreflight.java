package dev.bootstrap.preflight;

import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm's preflight for one node's part, as init, join and up run it (cmd/kubeadm/app/preflight/checks.go,
 * RunInitNodeChecks / RunJoinNodeChecks, then RunPullImagesCheck on control planes): the checks judged on the
 * node's facts, checks that need other nodes (ClockSkew in up), then the image pull; the verdict names the host.
 *
 * @param imagePull the images a control plane pulls before it passes; empty for workers and dry runs
 */
public record NodePreflight(PreflightRole role, PreflightOptions options, Optional<ImagePull> imagePull) {

    /**
     * @param more results judged elsewhere, already with the ignored errors applied
     * @throws IllegalStateException naming the host, with kubeadm's text, when errors remain
     */
    public Outcome run(Host host, NodeFacts facts, List<CheckResult> more) {
        List<CheckResult> results = new ArrayList<>(CheckCatalog.judge(facts, role, options));
        results.addAll(more);
        if (imagePull.isPresent()) {
            results = imagePull.get().after(results, host, facts, options.ignore());
        }
        return PreflightVerdict.of(host.name(), results);
    }
}
