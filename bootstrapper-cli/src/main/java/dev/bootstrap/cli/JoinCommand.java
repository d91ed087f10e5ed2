package dev.bootstrap.cli;

import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.join.ClusterFacts;
import dev.bootstrap.join.JoinArgumentException;
import dev.bootstrap.join.JoinFlags;
import dev.bootstrap.join.JoinPlan;
import dev.bootstrap.service.ServiceManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bootstrap join}: kubeadm join for workers, on this machine or on --node hosts over SSH in
 * parallel. The flags go to core's {@link JoinPlan}, which checks them and runs the join; discovery and the
 * cluster reads happen once, on this machine; the nodes only receive files and a kubelet start (they need
 * neither Java nor openssl).
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
        JoinFlags flags = new JoinFlags(endpoint, token, discoveryToken, tlsBootstrapToken, caCertHashes,
                unsafeSkipCaVerification, discoveryFile, nodeName, criSocket, ignore, skipPhases, dryRun, controlPlane,
                certificateKey, advertiseAddress, nodes, parallel);
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> progress = global.json() ? line -> { } : line -> {
            out.println("[discovery] " + line);
            out.flush();
        };
        JoinPlan plan;
        ServiceManager services;
        ClusterFacts cluster;
        try {
            plan = JoinPlan.read(flags, config, only, System.getenv(), Warnings.to(spec));
            services = serviceOptions.serviceManager();
            cluster = plan.discover(progress);
        } catch (JoinArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Warnings.endOfLife(spec, cluster.cluster().cluster().kubernetesVersion());
        EventPrinter printer = new EventPrinter(out, global.json(), plan.targets().size() > 1);
        JoinPlan.Result result;
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            plan.secrets().forEach(log::redact);
            result = plan.run(resolver, cluster, services, printer);
        }
        printer.summary(result.report());
        if (!global.json()) {
            result.verdicts().forEach(out::println);
        }
        out.flush();
        return result.report().ok() ? 0 : 1;
    }
}
