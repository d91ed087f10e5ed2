package dev.bootstrap.join;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.Trait;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.preflight.ImagePull;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.NodePreflight;
import dev.bootstrap.preflight.PreflightOptions;
import dev.bootstrap.preflight.PreflightRole;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * kubeadm join's preflight: the join checks on the node's real facts (also under --dry-run), and
 * for a control plane also init's control-plane checks (free ports 6443, 10257, 10259, 2379, 2380,
 * no static pod manifests, an empty etcd data dir) and, unless --dry-run, its image pull. A node that already joined this cluster is not
 * checked again: its kubelet.conf would fail FileAvailable, yet there is nothing to do.
 */
public final class JoinPreflightPhase implements Phase<JoinContext> {

    static final PhaseSpec SPEC = PhaseSpec.of("preflight", "Run join pre-flight checks", Trait.REPLACED_IN_UP);

    private final FactsGatherer gatherer = new FactsGatherer();
    private final PreflightRole role;

    /** @param role {@link PreflightRole#WORKER} or {@link PreflightRole#CONTROL_PLANE_JOIN} */
    public JoinPreflightPhase(PreflightRole role) {
        this.role = role;
    }

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(JoinContext context) {
        if (context.joinedBefore()) {
            return Outcome.unchanged("already joined this cluster (" + NodeLayout.KUBELET_CONF
                    + " is valid for its CA), checks skipped");
        }
        KubeadmConfig config = context.cluster().cluster();
        PreflightOptions options = new PreflightOptions(config.cluster().kubernetesVersion(), context.settings().ignore(),
                Optional.of(URI.create(context.cluster().server()).getHost().replaceAll("^\\[|\\]$", "")),
                ClusterSetup.of(config));
        NodeFacts facts = gatherer.gather(context.node(), options.cluster(), role);
        Optional<ImagePull> pull = role == PreflightRole.CONTROL_PLANE_JOIN && !context.settings().dryRun()
                ? Optional.of(ImagePull.of(config.cluster(), context.settings().registration())) : Optional.empty();
        return new NodePreflight(role, options, pull).run(context.node(), facts, List.of());
    }
}
