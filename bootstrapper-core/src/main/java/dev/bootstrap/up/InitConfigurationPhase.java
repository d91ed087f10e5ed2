package dev.bootstrap.up;

import dev.bootstrap.cluster.ClusterNode;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.init.InitContext;
import dev.bootstrap.init.InitOptions;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.NodeFacts;

/**
 * The first control plane's configuration for init, resolved from the cluster file and the node's facts (its
 * name and address, as kubeadm's init resolves them from the machine), and the context init's phases run on.
 * Certificates are uploaded for the further control planes only while one of them still lacks them.
 */
final class InitConfigurationPhase implements Phase<UpNode> {

    static final PhaseSpec SPEC = PhaseSpec.of("init-configuration",
            "Resolve init's configuration for the node from its facts");

    @Override
    public PhaseSpec spec() {
        return SPEC;
    }

    @Override
    public Outcome run(UpNode node) {
        UpRun run = node.run();
        NodeFacts facts = node.facts().orElseThrow(() -> new IllegalStateException(node.node().name()
                + ": preflight gathers the node's facts before init's configuration is resolved"));
        KubeadmConfig config = NodeConfigs.firstControlPlane(run.file, node.node(), run.options.waitTimeout(), facts);
        boolean uploadCerts = controlPlanesNeedCerts(run, config.cluster().layout());
        node.init(new InitContext(node.trail(), node.trail(), config, facts, new InitOptions(false, null, uploadCerts,
                null, run.options.ignoredErrors(), run.services, run.options.templates(), SkipPhases.NONE,
                run.options.environment(), run.keysAhead())));
        return Outcome.unchanged("node " + config.nodeName() + ", API server at " + config.controlPlaneUrl()
                + ", Kubernetes " + config.cluster().kubernetesVersion()
                + (uploadCerts ? "; the further control planes get the certificates through kubeadm-certs" : ""));
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
