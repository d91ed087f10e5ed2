package dev.bootstrap.join;

import dev.bootstrap.config.JoinConfiguration;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.net.DnsNames;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One {@code bootstrap join}, checked once from its flags and an optional JoinConfiguration: how the cluster is
 * found, what every node shares, whether the nodes become control planes, the phases to run and skip, and the
 * nodes. Every error in making it is a {@link JoinArgumentException} naming the flag or field.
 *
 * @param controlPlane   present for a control-plane join
 * @param certificateKey decrypts the uploaded certificates, for a control-plane join
 * @param phases         the phases to run, in order ({@code join phase NAME} runs one)
 * @param targets        the nodes as the user named them; "localhost" is this machine
 * @param parallelism    how many nodes join at once
 */
public record JoinPlan(JoinDiscovery discovery, JoinSettings settings, Optional<ControlPlaneSettings> controlPlane,
                       Optional<CertificateKey> certificateKey, List<Phase<JoinContext>> phases, SkipPhases skip, List<String> targets, int parallelism) {

    /** How long a new etcd member may take to catch up and be promoted. */
    private static final Duration ETCD_TIMEOUT = Duration.ofMinutes(2);

    /**
     * @param config      --config, or null
     * @param only        the phases to run ({@code join phase NAME}); empty = all
     * @param environment this process's environment (a control plane's manifests pass its proxy variables on)
     * @param warnings    where reading the configuration reports deprecated fields
     */
    public static JoinPlan read(JoinFlags flags, Path config, Set<String> only, Map<String, String> environment,
                                Consumer<String> warnings) {
        if (flags.parallel() < 1) {
            throw new JoinArgumentException("--parallel must be at least 1, got " + flags.parallel());
        }
        if (config == null) {
            return of(flags, null, only, environment);
        }
        List<String> mixed = flags.givenConfigurationFlags();
        if (!mixed.isEmpty()) {
            throw new JoinArgumentException("can not mix '--config' with arguments " + mixed
                    + ": put them in the JoinConfiguration");
        }
        return of(flags, KubeadmConfigReader.readJoin(config, warnings), only, environment);
    }

    private static JoinPlan of(JoinFlags flags, JoinConfiguration file, Set<String> only,
                               Map<String, String> environment) {
        boolean asControlPlane = flags.controlPlane() || (file != null && file.controlPlane() != null);
        if (!asControlPlane && (flags.certificateKey() != null || flags.advertiseAddress() != null)) {
            throw new JoinArgumentException("--certificate-key and --apiserver-advertise-address are for "
                    + "--control-plane joins");
        }
        Optional<CertificateKey> key = asControlPlane ? Optional.of(certificateKey(flags, file)) : Optional.empty();
        Optional<ControlPlaneSettings> controlPlane = asControlPlane
                ? Optional.of(controlPlaneSettings(flags, file, environment)) : Optional.empty();
        TemplateRenderer renderer = new TemplateRenderer(TemplateSource.builtIn());
        List<Phase<JoinContext>> all = controlPlane.map(cp -> ControlPlaneJoin.phases(renderer, cp))
                .orElseGet(() -> WorkerJoin.phases(renderer));
        SkipPhases skip = JoinArgumentException.from(() -> SkipPhases.given(flags.skipPhases(), "--skip-phases")
                .plus(file == null ? SkipPhases.NONE : file.skipPhases())
                .checkedAgainst("join", all.stream().map(Phase::spec).toList()));
        List<Phase<JoinContext>> phases = Phase.selected(all, only);
        if (phases.isEmpty()) {
            throw new JoinArgumentException("phase " + String.join(", ", only)
                    + " is part of control-plane joins only: add --control-plane");
        }
        JoinSettings settings = settings(flags, file, asControlPlane);
        JoinDiscovery discovery = file == null ? JoinDiscovery.of(flags) : JoinDiscovery.of(file);
        List<String> targets = flags.nodes().isEmpty() ? List.of("localhost") : flags.nodes();
        // Control planes join one at a time: each adds an etcd member, and etcd takes one learner at a time.
        return new JoinPlan(discovery, settings, controlPlane, key, phases, skip, targets,
                asControlPlane ? 1 : flags.parallel());
    }

    // Beside --config the flags are not given (JoinFlags.givenConfigurationFlags), so the file's section rules.
    private static CertificateKey certificateKey(JoinFlags flags, JoinConfiguration file) {
        JoinConfiguration.ControlPlane section = file == null ? null : file.controlPlane();
        String keyHex = section != null ? section.certificateKey() : flags.certificateKey();
        if (keyHex == null || keyHex.isEmpty()) {
            throw new JoinArgumentException("--control-plane needs --certificate-key (printed by 'bootstrap init "
                    + "--upload-certs'), to decrypt the cluster's shared certificates");
        }
        return JoinArgumentException.from(() -> CertificateKey.parse(keyHex, "--certificate-key"));
    }

    private static ControlPlaneSettings controlPlaneSettings(JoinFlags flags, JoinConfiguration file,
                                                             Map<String, String> environment) {
        JoinConfiguration.ControlPlane section = file == null ? null : file.controlPlane();
        String address = section != null ? section.localAPIEndpoint().advertiseAddress()
                : Objects.requireNonNullElse(flags.advertiseAddress(), "");
        if (!address.isEmpty() && flags.nodes().size() > 1) {
            throw new JoinArgumentException("--apiserver-advertise-address names one node's address; it cannot be "
                    + "used with several --node");
        }
        return new ControlPlaneSettings(address, environment, ETCD_TIMEOUT);
    }

    private static JoinSettings settings(JoinFlags flags, JoinConfiguration file, boolean asControlPlane) {
        NodeRegistration registration = file != null ? file.nodeRegistration()
                : JoinConfiguration.defaultRegistration(asControlPlane);
        if (flags.nodeName() != null) {
            if (!DnsNames.isSubdomain(flags.nodeName())) {
                throw new JoinArgumentException("--node-name \"" + flags.nodeName()
                        + "\" is not a valid node name (lower-case RFC 1123 subdomain)");
            }
            if (flags.nodes().size() > 1) {
                throw new JoinArgumentException("--node-name names one node; it cannot be used with several --node");
            }
            registration = registration.withName(flags.nodeName());
        }
        if (flags.criSocket() != null) {
            if (!NodeRegistration.isCriSocket(flags.criSocket())) {
                throw new JoinArgumentException("--cri-socket: expected a socket URL such as "
                        + NodeRegistration.DEFAULT_CRI_SOCKET);
            }
            registration = registration.withCriSocket(flags.criSocket());
        }
        // kubeadm merges the flag's names with the file's.
        List<String> ignored = new ArrayList<>(flags.ignorePreflightErrors());
        ignored.addAll(registration.ignorePreflightErrors());
        IgnoredErrors ignore = JoinArgumentException.from(() -> IgnoredErrors.parse(ignored));
        Timeouts timeouts = file == null ? Timeouts.DEFAULT : file.timeouts();
        return new JoinSettings(registration, file == null ? NodeLayout.DEFAULT.caCert() : file.caCertPath(),
                timeouts.tlsBootstrap(), JoinSettings.POLL_INTERVAL, ignore, flags.dryRun() || (file != null
                && file.dryRun()));
    }

    /** The tokens and the certificate key, to be masked in logs. */
    public List<String> secrets() {
        List<String> secrets = new ArrayList<>(discovery.secrets());
        certificateKey.ifPresent(key -> secrets.add(key.hex()));
        return secrets;
    }

    /**
     * Finds the cluster and reads it, once for every node. A control plane joins only a cluster with a
     * controlPlaneEndpoint (checkIfReadyForAdditionalControlPlane, cmd/kubeadm/app/cmd/phases/join/preflight.go).
     */
    public ClusterFacts discover(Consumer<String> progress) throws InterruptedException {
        ClusterFacts cluster = discovery.find(progress);
        if (controlPlane.isPresent() && cluster.controlPlaneEndpoint().isEmpty()) {
            throw new JoinException("unable to add a new control plane instance to a cluster that doesn't have a "
                    + "stable controlPlaneEndpoint address; set controlPlaneEndpoint in the cluster's "
                    + "ClusterConfiguration (kubeadm-config) and re-create its API server certificates");
        }
        return cluster;
    }

    /** Runs the phases on every target; a dry run writes under a new temporary directory instead. */
    public Result run(HostResolver resolver, ClusterFacts cluster, ServiceManager services,
                      Consumer<PhaseEvent> events) throws IOException {
        Path dryRunDir = settings.dryRun() ? Files.createTempDirectory("bootstrap-join-dry-run") : null;
        List<PhaseRunner.Target<JoinContext>> work = targets.stream().map(t -> new PhaseRunner.Target<>(t,
                new JoinContext(t, resolver, cluster, settings, certificateKey.orElse(null), services, dryRunDir))).toList();
        return new Result(new PhaseRunner(parallelism, events).run(phases, work, skip), dryRunDir);
    }

    /** @param dryRunDir where a dry run put the files; null otherwise */
    public record Result(RunReport report, Path dryRunDir) {

        /** What the join did to each node that did not fail, one line each. */
        public List<String> verdicts() {
            return report.byHost().entrySet().stream()
                    .filter(e -> e.getValue().stream().noneMatch(r -> r.status() == Status.FAILED))
                    .map(e -> e.getKey() + ": " + verdict(e.getValue())).toList();
        }

        private String verdict(List<PhaseResult> results) {
            if (dryRunDir != null) {
                return "dry run, nothing changed on the node; the files it would get are under " + dryRunDir;
            }
            if (results.stream().anyMatch(r -> r.status() == Status.CHANGED)) {
                return "joined the cluster (the kubelet finished its TLS bootstrap); run 'kubectl get nodes' on the "
                        + "control plane to see it";
            }
            return "already joined the cluster; nothing changed";
        }
    }
}
