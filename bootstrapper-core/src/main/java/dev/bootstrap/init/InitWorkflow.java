package dev.bootstrap.init;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.PhaseSpec;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.preflight.ClusterSetup;
import dev.bootstrap.preflight.FactsGatherer;
import dev.bootstrap.preflight.NodeFacts;
import dev.bootstrap.preflight.PreflightRole;
import dev.bootstrap.token.JoinCommandLine;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code init} on one node: gathers the node's facts once (name, address, preflight), resolves the
 * configuration for that node, then runs kubeadm's init phases in order.
 */
public final class InitWorkflow {

    /**
     * What init did and what to tell the user.
     *
     * @param uploadedCertificateKey the key the upload-certs phase encrypted kubeadm-certs with in this
     *                               run (generated or given): the only way a control-plane join can get at
     *                               the certificates, so it must reach the user even without a join command
     */
    public record Result(RunReport report, KubeadmConfig config, List<String> dryRunActions,
                         Optional<String> workerJoinCommand, Optional<String> controlPlaneJoinCommand,
                         Optional<CertificateKey> uploadedCertificateKey) {
    }

    /** kubeadm's init phases in kubeadm's order (cmd/kubeadm/app/cmd/init.go, newCmdInit). */
    public static List<Phase<InitContext>> phases() {
        return List.of(new InitPreflightPhase(), new CertsPhase(), new KubeconfigPhase(), StaticPodPhase.etcd(),
                StaticPodPhase.controlPlane(), new InitKubeletStartPhase(), new WaitControlPlanePhase(),
                new UploadConfigPhase(), new UploadCertsPhase(), new MarkControlPlanePhase(),
                new BootstrapTokenPhase(), new KubeletFinalizePhase(), new AddonPhase(), new ShowJoinCommandPhase());
    }

    /** Every phase --skip-phases may name, in order. */
    public static List<PhaseSpec> specs() {
        return phases().stream().map(Phase::spec).toList();
    }

    /**
     * @param only run just these phases (init phase NAME), or empty for all
     * @throws IllegalArgumentException when the options skip a phase init does not have, naming where it was given
     */
    public Result run(Host node, KubeadmConfig base, InitOptions options, Set<String> only,
                      Consumer<PhaseEvent> events) {
        options.skipPhases().checkedAgainst("init", specs());
        NodeFacts facts = new FactsGatherer().gather(node, ClusterSetup.of(base), PreflightRole.CONTROL_PLANE);
        KubeadmConfig config = base.forNode(facts.hostname(), facts.firstIpv4Address());
        Host files = options.dryRun() ? new DryRunHost(node, options.dryRunDir()) : node;
        InitContext ctx = new InitContext(node, files, config, facts, options);
        List<Phase<InitContext>> selected = Phase.selected(phases(), only);
        RunReport report;
        try {
            report = new PhaseRunner(1, events).run(selected, List.of(new PhaseRunner.Target<>(node.name(), ctx)),
                    options.skipPhases());
        } finally {
            ctx.close();
        }
        List<String> actions = files instanceof DryRunHost dry ? dry.actions() : List.of();
        Optional<String> worker = Optional.empty();
        Optional<String> controlPlane = Optional.empty();
        if (report.ok() && ctx.token() != null) {
            List<String> pins = ctx.caPins();
            worker = Optional.of(JoinCommandLine.render(config.controlPlaneUrl(), ctx.token(), pins, null));
            if (ctx.certificateKey() != null && options.uploadCerts()) {
                controlPlane = Optional.of(JoinCommandLine.render(config.controlPlaneUrl(), ctx.token(), pins,
                        ctx.certificateKey().hex()));
            }
        }
        return new Result(report, config, actions, worker, controlPlane, ctx.uploadedKey());
    }
}
