package dev.bootstrap.join;

import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.preflight.CheckCatalog;
import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.preflight.KubeadmFormat;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.Role;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm join's preflight: the worker checks on the node's real facts (also under --dry-run).
 * A node that already joined this cluster is not checked again: its kubelet.conf would fail
 * FileAvailable, yet there is nothing to do.
 */
public final class JoinPreflightPhase implements Phase<JoinContext> {

    private final FactsGatherer gatherer = new FactsGatherer();

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Run join pre-flight checks";
    }

    @Override
    public Outcome run(JoinContext context) {
        if (context.joinedBefore()) {
            return Outcome.unchanged("already joined this cluster (" + JoinedNode.KUBELET_CONF
                    + " is valid for its CA), checks skipped");
        }
        String version = context.cluster().cluster().cluster().kubernetesVersion().toString();
        PreflightOptions options = new PreflightOptions(KubernetesVersion.require(version), context.settings().ignore(),
                Optional.of(URI.create(context.cluster().server()).getHost().replaceAll("^\\[|\\]$", "")));
        List<CheckResult> results = CheckCatalog.judge(gatherer.gather(context.realHost()), Role.WORKER, options);
        Optional<String> fatal = KubeadmFormat.fatalErrors(results);
        if (fatal.isPresent()) {
            throw new JoinException("[" + context.realHost().name() + "] " + fatal.get());
        }
        List<String> lines = KubeadmFormat.warnings(results).stream().map(String::strip).toList();
        return Outcome.unchanged(lines.isEmpty() ? new String[] {"all " + results.size() + " checks passed"}
                : lines.toArray(String[]::new));
    }
}
