package dev.bootstrap.cli;

import dev.bootstrap.config.JoinConfiguration;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.config.Taint;
import dev.bootstrap.config.Timeouts;
import dev.bootstrap.discovery.FileDiscovery;
import dev.bootstrap.discovery.TokenDiscovery;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.join.ClusterFacts;
import dev.bootstrap.join.ControlPlaneJoin;
import dev.bootstrap.join.ControlPlaneSettings;
import dev.bootstrap.join.JoinContext;
import dev.bootstrap.join.JoinSettings;
import dev.bootstrap.join.WorkerJoin;
import dev.bootstrap.net.DnsNames;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.token.BootstrapToken;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bootstrap join}: kubeadm join for workers, on this machine or on --node hosts over SSH in
 * parallel. Discovery and the cluster reads happen once, here; the nodes only receive files and a
 * kubelet start (they need neither Java nor openssl).
 */
@Command(name = "join", mixinStandardHelpOptions = true,
        description = {"Join this machine, or the --node hosts over SSH, to a cluster as workers (kubeadm join), "
                + "or as additional control planes with --control-plane --certificate-key (one node at a time).",
                "Discovery (token + CA pin, or --discovery-file) runs once on this machine; each node then gets "
                        + "bootstrap-kubelet.conf, ca.crt, the kubelet configuration and kubeadm-flags.env, its "
                        + "kubelet is started and its TLS bootstrap awaited. A node that already joined is left as it is.",
                "Exit 1 when discovery fails or any node fails (the failed nodes are named)."})
public final class JoinCommand implements Callable<Integer> {

    /** The phases to run ({@code join phase NAME}), or all when empty. */
    private final Set<String> only;

    public JoinCommand() {
        this(Set.of());
    }

    JoinCommand(Set<String> only) {
        this.only = only;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    SshOptions ssh;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ENDPOINT", description = "API server host:port to discover the cluster from.")
    String endpoint;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token for discovery and for the TLS bootstrap, unless the specific flags are given.")
    String token;

    @Option(names = "--discovery-token", paramLabel = "TOKEN", description = "Token that checks cluster-info's signature.")
    String discoveryToken;

    @Option(names = "--tls-bootstrap-token", paramLabel = "TOKEN", description = "Token the kubelet authenticates its TLS bootstrap with.")
    String tlsBootstrapToken;

    @Option(names = "--discovery-token-ca-cert-hash", paramLabel = "sha256:HEX", description = "Pin of the cluster CA's "
            + "public key (from 'bootstrap init' or 'bootstrap certs ca-pin'); repeatable, any match is enough.")
    List<String> caCertHashes = new ArrayList<>();

    @Option(names = "--discovery-token-unsafe-skip-ca-verification", description = "Trust the CA of whoever answers "
            + "(no pin). Unsafe: anyone between here and the endpoint can impersonate the cluster.")
    boolean unsafeSkipCaVerification;

    @Option(names = "--discovery-file", paramLabel = "PATH|URL", description = "kubeconfig (file on this machine or "
            + "https URL) giving the cluster's server and CA, instead of token discovery.")
    String discoveryFile;

    @Option(names = "--node-name", paramLabel = "NAME", description = "Node name (default: each node's host name, lower-cased).")
    String nodeName;

    @Option(names = "--cri-socket", paramLabel = "URL", description = "CRI socket the kubelet uses (default "
            + NodeRegistration.DEFAULT_CRI_SOCKET + ").")
    String criSocket;

    @Option(names = "--ignore-preflight-errors", paramLabel = "NAME,...", description = "Checks whose errors become warnings; 'all' ignores every error.")
    List<String> ignore = new ArrayList<>();

    @Option(names = "--skip-phases", paramLabel = "PHASE,...", split = ",", description = "Phases to skip, comma-separated (see 'join phase --help' for the names).")
    List<String> skipPhases = new ArrayList<>();

    @Option(names = "--dry-run", description = "Change nothing on the nodes: discovery and preflight run, files go "
            + "to a temporary directory on this machine, commands are listed.")
    boolean dryRun;

    @Option(names = "--config", paramLabel = "FILE", description = "kubeadm v1beta4 JoinConfiguration.")
    Path config;

    @Option(names = "--control-plane", description = "Join as an additional control plane (needs the cluster's controlPlaneEndpoint).")
    boolean controlPlane;

    @Option(names = "--certificate-key", paramLabel = "HEX", description = "Key to decrypt the kubeadm-certs Secret (with --control-plane).")
    String certificateKey;

    @Option(names = "--apiserver-advertise-address", paramLabel = "IP", description = "This control plane's API server address (with --control-plane).")
    String advertiseAddress;

    @Option(names = "--node", paramLabel = "HOST", description = "Node to join over SSH ([user@]host[:port] or an ssh config alias); repeatable. Default: this machine.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--parallel", paramLabel = "N", description = "Nodes joined at once (default ${DEFAULT-VALUE}).")
    int parallel = 10;

    @Mixin
    ServiceManagerOptions serviceOptions;

    @Mixin
    DebugLogOptions debugLog;

    @Override
    public Integer call() throws InterruptedException, IOException {
        if (parallel < 1) {
            throw usage("--parallel must be at least 1, got " + parallel);
        }
        JoinConfiguration file = config == null ? null : readConfig();
        boolean asControlPlane = controlPlane || (file != null && file.controlPlane() != null);
        if (!asControlPlane && (certificateKey != null || advertiseAddress != null)) {
            throw usage("--certificate-key and --apiserver-advertise-address are for --control-plane joins");
        }
        TemplateRenderer renderer = new TemplateRenderer(TemplateSource.builtIn());
        List<Phase<JoinContext>> phases = asControlPlane
                ? ControlPlaneJoin.phases(renderer, controlPlaneSettings(file)) : WorkerJoin.phases(renderer);
        SkipPhases skip = skipPhases(phases, file);
        phases = Phase.selected(phases, only);
        if (phases.isEmpty()) {
            throw usage("phase " + String.join(", ", only) + " is part of control-plane joins only: add --control-plane");
        }
        JoinSettings settings = settings(file, asControlPlane);
        ServiceManager services = serviceOptions.serviceManager();
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = global.json() ? line -> { } : line -> {
            out.println("[discovery] " + line);
            out.flush();
        };
        Discovered discovered = discover(file, progress);
        ClusterFacts cluster = ClusterFacts.read(discovered.result(), discovered.tlsToken());
        Warnings.endOfLife(spec, cluster.cluster().cluster().kubernetesVersion());
        if (asControlPlane) {
            requireControlPlaneEndpoint(cluster);
        }
        List<String> targets = nodes.isEmpty() ? List.of("localhost") : nodes;
        Path dryRunDir = dryRun ? Files.createTempDirectory("bootstrap-join-dry-run") : null;
        EventPrinter printer = new EventPrinter(out, global.json(), targets.size() > 1);
        RunReport report;
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            Stream.of(token, discoveryToken, tlsBootstrapToken, certificateKey).forEach(log::redact);
            List<PhaseRunner.Target<JoinContext>> work = targets.stream().map(t -> new PhaseRunner.Target<>(t,
                    new JoinContext(t, resolver, cluster, settings, services, dryRunDir))).toList();
            // Control planes join one at a time: each adds an etcd member, and etcd takes one learner at a time.
            report = new PhaseRunner(asControlPlane ? 1 : parallel, printer).run(phases, work, skip);
        }
        printer.summary(report);
        if (!global.json()) {
            report.byHost().forEach((host, results) -> verdict(out, host, results, dryRunDir));
        }
        out.flush();
        return report.ok() ? 0 : 1;
    }

    private static void verdict(PrintWriter out, String host, List<PhaseResult> results, Path dryRunDir) {
        if (results.stream().anyMatch(r -> r.status() == Status.FAILED)) {
            return;
        }
        if (dryRunDir != null) {
            out.println(host + ": dry run, nothing changed on the node; the files it would get are under " + dryRunDir);
        } else if (results.stream().anyMatch(r -> r.status() == Status.CHANGED)) {
            out.println(host + ": joined the cluster (the kubelet finished its TLS bootstrap); run 'kubectl get nodes' "
                    + "on the control plane to see it");
        } else {
            out.println(host + ": already joined the cluster; nothing changed");
        }
    }

    private record Discovered(TokenDiscovery.Result result, String tlsToken) {
    }

    private Discovered discover(JoinConfiguration file, Consumer<String> progress) throws InterruptedException {
        Duration discoveryTimeout = file == null ? Timeouts.DEFAULT.discovery() : file.timeouts().discovery();
        String fileSource = file != null && !file.discovery().kubeConfigPath().isEmpty()
                ? file.discovery().kubeConfigPath() : discoveryFile;
        String explicitTls = file != null && !file.discovery().tlsBootstrapToken().isEmpty()
                ? file.discovery().tlsBootstrapToken() : firstNonNull(tlsBootstrapToken, token);
        if (fileSource != null) {
            FileDiscovery.Result found = FileDiscovery.read(fileSource);
            String tls = explicitTls != null ? explicitTls : found.token().orElseThrow(() -> usage(
                    "--discovery-file " + fileSource + " has no token user: give --tls-bootstrap-token"));
            progress.accept("cluster " + found.cluster().server() + " from " + fileSource);
            return new Discovered(found.cluster(), tls);
        }
        String where = file != null ? file.discovery().apiServerEndpoint() : endpoint;
        String discoveryValue = file != null ? file.discovery().token() : firstNonNull(discoveryToken, token);
        List<String> pins = file != null ? file.discovery().caCertHashes() : caCertHashes;
        boolean unsafe = file != null ? file.discovery().unsafeSkipCAVerification() : unsafeSkipCaVerification;
        if (where == null) {
            throw usage("give the API server endpoint (host:port) to join, or --discovery-file");
        }
        if (discoveryValue == null) {
            throw usage("give --token (or --discovery-token) for discovery through " + where);
        }
        for (String pin : pins) {
            if (!pin.toLowerCase(java.util.Locale.ROOT).matches("sha256:[0-9a-f]{64}")) {
                throw usage("--discovery-token-ca-cert-hash: expected sha256:<64 hex digits>, got \"" + pin + "\"");
            }
        }
        if (pins.isEmpty() && !unsafe) {
            throw usage("give --discovery-token-ca-cert-hash sha256:<hash> (printed by 'bootstrap init' and "
                    + "'bootstrap certs ca-pin'), or --discovery-token-unsafe-skip-ca-verification");
        }
        BootstrapToken discovery = parseToken(discoveryValue, "--discovery-token");
        TokenDiscovery.Result result = new TokenDiscovery(Duration.ofSeconds(5), discoveryTimeout, progress)
                .discover(where, discovery, pins, unsafe);
        String tls = explicitTls != null ? explicitTls : discovery.value();
        parseToken(tls, "--tls-bootstrap-token");
        return new Discovered(result, tls);
    }

    private BootstrapToken parseToken(String value, String flag) {
        try {
            return BootstrapToken.parse(value, flag);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private static void requireControlPlaneEndpoint(ClusterFacts cluster) {
        if (cluster.controlPlaneEndpoint().isEmpty()) {
            throw new IllegalStateException("unable to add a new control plane instance to a cluster that doesn't "
                    + "have a stable controlPlaneEndpoint address; set controlPlaneEndpoint in the cluster's "
                    + "ClusterConfiguration (kubeadm-config) and re-create its API server certificates");
        }
    }

    private ControlPlaneSettings controlPlaneSettings(JoinConfiguration file) {
        String keyHex = file != null ? file.controlPlane().certificateKey() : certificateKey;
        String address = file != null ? file.controlPlane().localAPIEndpoint().advertiseAddress()
                : advertiseAddress == null ? "" : advertiseAddress;
        if (keyHex == null || keyHex.isEmpty()) {
            throw usage("--control-plane needs --certificate-key (printed by 'bootstrap init --upload-certs'), "
                    + "to decrypt the cluster's shared certificates");
        }
        if (!address.isEmpty() && nodes.size() > 1) {
            throw usage("--apiserver-advertise-address names one node's address; it cannot be used with several --node");
        }
        try {
            return new ControlPlaneSettings(CertificateKey.parse(keyHex, "--certificate-key"), address, System.getenv(),
                    Duration.ofMinutes(2));
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private JoinSettings settings(JoinConfiguration file, boolean asControlPlane) {
        NodeRegistration registration = file != null ? file.nodeRegistration()
                : new NodeRegistration("", NodeRegistration.DEFAULT_CRI_SOCKET,
                asControlPlane ? List.of(Taint.CONTROL_PLANE) : List.of(), List.of(), List.of(), "IfNotPresent", true);
        if (nodeName != null) {
            if (!DnsNames.isSubdomain(nodeName)) {
                throw usage("--node-name \"" + nodeName + "\" is not a valid node name (lower-case RFC 1123 subdomain)");
            }
            if (nodes.size() > 1) {
                throw usage("--node-name names one node; it cannot be used with several --node");
            }
            registration = registration.withName(nodeName);
        }
        if (criSocket != null) {
            if (!criSocket.matches("(unix|npipe)://.+|/.+")) {
                throw usage("--cri-socket: expected a socket URL such as " + NodeRegistration.DEFAULT_CRI_SOCKET);
            }
            registration = new NodeRegistration(registration.name(), criSocket, registration.taints(),
                    registration.kubeletExtraArgs(), registration.ignorePreflightErrors(),
                    registration.imagePullPolicy(), registration.imagePullSerial());
        }
        List<String> ignored = new ArrayList<>(ignore);
        if (file != null) {
            ignored.addAll(file.nodeRegistration().ignorePreflightErrors());
        }
        IgnoredErrors ignoredErrors;
        try {
            ignoredErrors = IgnoredErrors.parse(ignored);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Duration tlsTimeout = file == null ? JoinSettings.DEFAULT_TLS_BOOTSTRAP_TIMEOUT : file.timeouts().tlsBootstrap();
        String caCertPath = file == null ? NodeLayout.DEFAULT.caCert() : file.caCertPath();
        return new JoinSettings(registration, caCertPath, tlsTimeout, JoinSettings.POLL_INTERVAL, ignoredErrors,
                dryRun || (file != null && file.dryRun()));
    }

    private SkipPhases skipPhases(List<Phase<JoinContext>> phases, JoinConfiguration file) {
        SkipPhases skip = SkipPhases.given(skipPhases, "--skip-phases")
                .plus(file == null ? SkipPhases.NONE : file.skipPhases());
        try {
            return skip.checkedAgainst("join", phases.stream().map(Phase::spec).toList());
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private JoinConfiguration readConfig() {
        List<String> mixed = new ArrayList<>();
        if (endpoint != null) {
            mixed.add("ENDPOINT");
        }
        addIf(mixed, token, "--token");
        addIf(mixed, discoveryToken, "--discovery-token");
        addIf(mixed, tlsBootstrapToken, "--tls-bootstrap-token");
        addIf(mixed, discoveryFile, "--discovery-file");
        addIf(mixed, criSocket, "--cri-socket");
        addIf(mixed, certificateKey, "--certificate-key");
        addIf(mixed, advertiseAddress, "--apiserver-advertise-address");
        if (!caCertHashes.isEmpty()) {
            mixed.add("--discovery-token-ca-cert-hash");
        }
        if (unsafeSkipCaVerification) {
            mixed.add("--discovery-token-unsafe-skip-ca-verification");
        }
        if (!mixed.isEmpty()) {
            throw usage("can not mix '--config' with arguments " + mixed + ": put them in the JoinConfiguration");
        }
        return KubeadmConfigReader.readJoin(config, Warnings.to(spec));
    }

    private static void addIf(List<String> list, String value, String flag) {
        if (value != null) {
            list.add(flag);
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
