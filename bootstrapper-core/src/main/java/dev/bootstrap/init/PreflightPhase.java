package dev.bootstrap.init;

import dev.bootstrap.preflight.CheckCatalog;
import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.KubeadmFormat;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.Role;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import java.util.List;
import java.util.Optional;

/** kubeadm init's preflight checks on the facts gathered from the node; errors stop init. */
final class PreflightPhase implements Phase<InitContext> {

    @Override
    public String name() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Run pre-flight checks";
    }

    @Override
    public Outcome run(InitContext ctx) {
        PreflightOptions options = new PreflightOptions(ctx.config().cluster().kubernetesVersion(),
                ctx.options().ignoredErrors(), Optional.empty());
        List<CheckResult> results = CheckCatalog.judge(ctx.facts(), Role.CONTROL_PLANE, options);
        Optional<String> fatal = KubeadmFormat.fatalErrors(results);
        if (fatal.isPresent()) {
            throw new IllegalStateException("[" + ctx.node().name() + "] preflight checks failed\n" + fatal.get());
        }
        List<String> warnings = KubeadmFormat.warnings(results).stream().map(String::strip).toList();
        return new Outcome(dev.bootstrap.phases.Status.UNCHANGED,
                warnings.isEmpty() ? List.of("all checks passed") : warnings);
    }
}
