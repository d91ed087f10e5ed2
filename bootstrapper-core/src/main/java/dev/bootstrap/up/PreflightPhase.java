package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.Host;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.init.InitOptions;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.CheckCatalog;
import dev.bootstrap.preflight.CheckResult;
import dev.bootstrap.preflight.ClockSkewCheck;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.preflight.ImagePull;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.PreflightVerdict;
import dev.bootstrap.preflight.Role;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm's preflight for the node's part: init checks on the first control plane, join checks
 * (control-plane or worker) on the others, all nodes at once since nothing has to exist yet; control
 * planes then pull their images (kubeadm's ImagePull). A node
 * that an earlier run already initialized or joined is not checked again: its own files and ports
 * would fail the checks meant for fresh machines, and the phases after this one verify it belongs to
 * this cluster. On the first control plane it also prepares init's context from the node's facts; the
 * other nodes' clocks are judged against its (ClockSkew, as {@code bootstrap preflight} does).
 */
final class PreflightPhase implements Phase<UpNode> {

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
        if (!node.isFirstControlPlane() && host.stat(NodeLayout.KUBELET_CONF).isPresent()) {
            return Outcome.unchanged("joined by an earlier run (" + NodeLayout.KUBELET_CONF
                    + " exists; the join verifies it is this cluster's); checks skipped");
        }
        Role role = node.isFirstControlPlane() ? Role.CONTROL_PLANE
                : node.isControlPlane() ? Role.CONTROL_PLANE_JOIN : Role.WORKER;
        KubeadmConfig config = NodeConfigs.firstControlPlane(run.file, node.node(), run.options.waitTimeout());
        // From the file alone: the same before and after the node's facts refine the configuration.
        ClusterSetup setup = ClusterSetup.of(config);
        NodeFacts facts = gatherer.gather(host, setup, role);
        node.hostname(facts.hostname());
        Optional<String> apiHost = Optional.empty();
        if (node.isFirstControlPlane()) {
            run.publishFirstFacts(facts);
            config = NodeConfigs.firstControlPlane(run.file, node.node(), run.options.waitTimeout(), facts);
            boolean uploadCerts = controlPlanesNeedCerts(run, config.cluster().layout());
            node.init(new InitContext(node.trail(), node.trail(), config, facts, new InitOptions(false, null, uploadCerts, null,
                    run.options.ignoredErrors(), run.services, run.options.templates(), SkipPhases.NONE,
                    run.options.environment(), run.keysAhead())));
            if (host.stat(NodeLayout.ADMIN_CONF).isPresent()
                    && host.stat(config.cluster().layout().caCert()).isPresent()) {
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
        List<CheckResult> results = new ArrayList<>(CheckCatalog.judge(facts, role, options));
        if (!node.isFirstControlPlane()) {
            clockSkew(run, facts, options.ignore()).ifPresent(results::add);
        }
        if (role != Role.WORKER) {
            results = ImagePull.of(config.cluster(), config.init().nodeRegistration())
                    .after(results, host, facts, options.ignore());
        }
        return PreflightVerdict.of(host.name(), results);
    }

    /** ClockSkew of a joining node: its clock against the first control plane's, once that one's facts are in. */
    static Optional<CheckResult> clockSkew(UpRun run, NodeFacts facts, IgnoredErrors ignore) throws InterruptedException {
        return run.awaitFirstFacts().flatMap(first -> ClockSkewCheck.against(first, facts)).map(ignore::apply);
    }

    /**
     * Whether a further control plane still needs the shared certificates (kubeadm-certs): one that lacks
     * them, or cannot be asked. On a converged cluster none does, so nothing is uploaded (a new certificate
     * key would re-encrypt the upload on every run).
     */
    private static boolean controlPlanesNeedCerts(UpRun run, NodeLayout layout) {
        for (ClusterNode cp : run.file.controlPlanes()) {
            if (cp.name().equals(run.first().name())) {
                continue;
            }
            try {
                if (run.hosts.resolve(cp.name()).stat(layout.caKey()).isEmpty()) {
                    return true;
                }
            } catch (RuntimeException unreachable) {
                return true;
            }
        }
        return false;
    }
}
