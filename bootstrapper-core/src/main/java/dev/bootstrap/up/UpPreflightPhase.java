package dev.bootstrap.up;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.ClockSkewCheck;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.preflight.ImagePull;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.NodePreflight;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.PreflightRole;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm's preflight for the node's part: init checks on the first control plane, join checks
 * (control-plane or worker) on the others, all nodes at once since nothing has to exist yet; control
 * planes then pull their images (kubeadm's ImagePull). A node
 * that an earlier run already initialized or joined is not checked again: its own files and ports
 * would fail the checks meant for fresh machines, and the phases after this one verify it belongs to
 * this cluster. The facts it gathers are the node's for the phases after it (init-configuration); the
 * other nodes' clocks are judged against the first control plane's (ClockSkew, as {@code bootstrap preflight}
 * does).
 */
final class UpPreflightPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("preflight", "Run pre-flight checks");

    private final FactsGatherer gatherer = new FactsGatherer();

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) throws InterruptedException {
        Host host = node.host();
        UpRun run = node.run();
        PreflightRole role = node.isFirstControlPlane() ? PreflightRole.CONTROL_PLANE
                : node.isControlPlane() ? PreflightRole.CONTROL_PLANE_JOIN : PreflightRole.WORKER;
        KubeadmConfig config = NodeConfigs.firstControlPlane(run.file, node.node(), run.options.waitTimeout());
        // From the file alone: the same before and after the node's facts refine the configuration.
        ClusterSetup setup = ClusterSetup.of(config);
        // One command: the facts, and whether an earlier run joined the node (they list kubelet.conf when it exists).
        NodeFacts facts = gatherer.gather(host, setup, role);
        if (!node.isFirstControlPlane() && EarlierRun.joined(facts)) {
            return joinedBefore(run, facts); // no facts kept: they would say the node had not joined (UpNode#hostname)
        }
        node.facts(facts);
        Optional<String> apiHost = Optional.empty();
        if (node.isFirstControlPlane()) {
            run.publishFirstFacts(facts);
            if (EarlierRun.initialized(host, config.cluster().layout())) {
                return Outcome.unchanged("initialized by an earlier run (" + NodeLayout.ADMIN_CONF
                        + " exists); checks skipped");
            }
        } else {
            apiHost = Optional.ofNullable(URI.create(NodeConfigs.firstControlPlane(run.file, run.first(), run.options.waitTimeout())
                    .controlPlaneUrl())
                    .getHost()).map(h -> h.replaceAll("^\\[|\\]$", ""));
        }
        PreflightOptions options = new PreflightOptions(config.cluster().kubernetesVersion(),
                run.options.ignoredErrors(), apiHost, setup);
        List<CheckResult> skew = node.isFirstControlPlane() ? List.of()
                : clockSkew(run, facts, options.ignore()).stream().toList();
        Optional<ImagePull> pull = role == PreflightRole.WORKER ? Optional.empty()
                : Optional.of(ImagePull.of(config.cluster(), config.init().nodeRegistration()));
        return new NodePreflight(role, options, pull).run(host, facts, skew);
    }

    /**
     * A node an earlier run joined: the checks for fresh machines would fail on its own files and ports, but its clock
     * is judged still, as a warning (the cluster runs; certificates only look not yet valid to the node).
     */
    private static Outcome joinedBefore(UpRun run, NodeFacts facts) throws InterruptedException {
        Outcome skipped = Outcome.unchanged("joined by an earlier run (" + NodeLayout.KUBELET_CONF
                + " exists; the join verifies it is this cluster's); checks for fresh machines skipped");
        return clockSkew(run, facts, IgnoredErrors.of(ClockSkewCheck.NAME)).filter(CheckResult::warning)
                .map(skew -> skipped.withDetail("[WARNING " + skew.name() + "]: " + skew.message() + "; " + skew.fix()))
                .orElse(skipped);
    }

    /** ClockSkew of a joining node: its clock against the first control plane's, once that one's facts are in. */
    static Optional<CheckResult> clockSkew(UpRun run, NodeFacts facts, IgnoredErrors ignore) throws InterruptedException {
        return run.awaitFirstFacts().flatMap(first -> ClockSkewCheck.against(first, facts)).map(ignore::apply);
    }
}
