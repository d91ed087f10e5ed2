package dev.bootstrap.cli;

import dev.bootstrap.config.ConfigException;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.ssh.NodeResolver;
import dev.bootstrap.init.InitOptions;
import dev.bootstrap.init.InitWorkflow;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** kubeadm init's flags and how to run init with them; shared by {@code init} and {@code init phase NAME}. */
public final class InitSettings {

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    SshOptions ssh;

    @Mixin
    ServiceManagerOptions services;

    @Mixin
    DebugLogOptions debugLog;

    @Option(names = "--master", arity = "0..1", fallbackValue = "localhost", paramLabel = "HOST",
            description = "The node to make the first control plane: no value or 'localhost' = this machine, else "
                    + "[user@]host[:port] or an ssh config alias, reached over SSH.")
    String master;

    @Option(names = "--config", paramLabel = "FILE",
            description = "kubeadm v1beta4 InitConfiguration and/or ClusterConfiguration (multi-document YAML).")
    Path config;

    @Option(names = "--dry-run", description = "Write files into a temporary directory and print every file and "
            + "command init would write or run; change nothing else.")
    boolean dryRun;

    @Option(names = "--templates-dir", paramLabel = "DIR",
            description = "Directory whose files override the built-in templates of the same name.")
    Path templatesDir;

    @Option(names = "--apiserver-advertise-address", paramLabel = "IP",
            description = "IP address the API server advertises it listens on (default: the node's default-route address).")
    String advertiseAddress;
    @Option(names = "--apiserver-bind-port", paramLabel = "PORT",
            description = "Port the API server binds to (default: 6443).")
    Integer bindPort;
    @Option(names = "--apiserver-cert-extra-sans", split = ",", paramLabel = "SAN",
            description = "Extra Subject Alternative Names (IP addresses or DNS names) for the API server certificate.")
    List<String> extraSans;
    @Option(names = "--control-plane-endpoint", paramLabel = "HOST[:PORT]",
            description = "Stable address (IP or DNS name, optional port) shared by all control-plane nodes, e.g. a load balancer.")
    String controlPlaneEndpoint;
    @Option(names = "--service-cidr", paramLabel = "CIDR",
            description = "IP range for Service virtual IPs (default: 10.96.0.0/12).")
    String serviceCidr;
    @Option(names = "--pod-network-cidr", paramLabel = "CIDR",
            description = "IP range for the pod network; when set, the controller-manager allocates a pod CIDR to every node.")
    String podNetworkCidr;
    @Option(names = "--service-dns-domain", paramLabel = "DOMAIN",
            description = "DNS domain of Services inside the cluster (default: cluster.local).")
    String dnsDomain;
    @Option(names = "--node-name", paramLabel = "NAME",
            description = "Name of this node's Node object (default: the node's hostname).")
    String nodeName;
    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "Directory for the certificates and keys (default: " + NodeLayout.DEFAULT_CERTIFICATES_DIR
                    + ").")
    String certDir;
    @Option(names = "--kubernetes-version", paramLabel = "VERSION",
            description = "Kubernetes version of the control plane, 1.31 to 1.37 (default: " + VersionTable.DEFAULT_VERSION + ").")
    String kubernetesVersion;
    @Option(names = "--image-repository", paramLabel = "REPO",
            description = "Registry to pull the control-plane images from, e.g. a mirror (default: registry.k8s.io).")
    String imageRepository;
    @Option(names = "--cri-socket", paramLabel = "SOCKET",
            description = "Container runtime endpoint the kubelet uses, e.g. unix:///var/run/containerd/containerd.sock.")
    String criSocket;
    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bootstrap token for joining nodes (default: generated; an existing one made by init is reused).")
    String token;
    @Option(names = "--token-ttl", paramLabel = "DURATION", description = "Lifetime of the token, e.g. 24h; 0 = never expires.")
    String tokenTtl;
    @Option(names = "--upload-certs", description = "Upload the control-plane certificates to the kubeadm-certs Secret.")
    boolean uploadCerts;
    @Option(names = "--certificate-key", paramLabel = "HEX", description = "Key to encrypt the uploaded certificates.")
    String certificateKey;
    @Option(names = "--skip-phases", split = ",", paramLabel = "PHASE",
            description = "Phases to skip, comma-separated (see 'init phase --help' for the names).")
    List<String> skipPhases = new ArrayList<>();
    @Option(names = "--ignore-preflight-errors", split = ",", paramLabel = "NAME",
            description = "Preflight checks whose errors become warnings, comma-separated; 'all' ignores every check.")
    List<String> ignorePreflight = new ArrayList<>();

    /**
     * Runs init (all phases, or only {@code only}, skipping also {@code alsoSkip}) and prints progress, the
     * summary and the join command.
     */
    int execute(Set<String> only, SkipPhases alsoSkip) {
        InitFlags flags = new InitFlags(advertiseAddress, bindPort, controlPlaneEndpoint, serviceCidr, podNetworkCidr,
                dnsDomain, nodeName, certDir, kubernetesVersion, imageRepository, criSocket, token, tokenTtl,
                uploadCerts, certificateKey, skipPhases, ignorePreflight, extraSans);
        KubeadmConfig base;
        try {
            base = config == null ? KubeadmConfigReader.fromFlags(flags)
                    : KubeadmConfigReader.readInit(config, flags, Warnings.to(spec));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Warnings.endOfLife(spec, base.cluster().kubernetesVersion());
        SkipPhases skip = base.init().skipPhases().plus(alsoSkip);
        // The file's dryRun and ignorePreflightErrors count too (InitFlags.overlay merged the flag's names into the latter).
        boolean dry = dryRun || base.init().dryRun();
        InitOptions options = new InitOptions(dry, dry ? tempDir() : null, uploadCerts,
                certificateKey == null ? null : CertificateKey.parse(certificateKey, "--certificate-key"),
                IgnoredErrors.parse(base.init().nodeRegistration().ignorePreflightErrors()), services.serviceManager(),
                new TemplateRenderer(templatesDir == null ? TemplateSource.builtIn() : TemplateSource.withOverrides(templatesDir)),
                skip, System.getenv(), KeyPool.NONE);
        PrintWriter out = spec.commandLine().getOut();
        EventPrinter printer = new EventPrinter(out, global.json(), false);
        InitWorkflow.Result result;
        try (DebugLogOptions log = debugLog.open();
             NodeResolver resolver = new NodeResolver(global.rootfs, ssh.connector(log::redact), log::wrap)) {
            // the flag's key is in the configuration too (flags overlay it), as is one from --config
            log.redact(base.init().certificateKey());
            Host node = resolver.resolve(master == null ? "localhost" : master);
            result = new InitWorkflow().run(node, base, options, only, printer);
        }
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("result", result.report().ok() ? "success" : "failure");
            doc.put("changed", result.report().changed());
            doc.put("failed", result.report().failures().stream().map(f -> Map.of("host", f.host(), "phase", f.phase(),
                    "error", f.error())).toList());
            if (options.dryRun()) {
                doc.put("dryRunDir", options.dryRunDir().toString());
                doc.put("dryRunActions", result.dryRunActions());
            }
            result.workerJoinCommand().ifPresent(c -> doc.put("joinCommand", oneLine(c)));
            result.controlPlaneJoinCommand().ifPresent(c -> doc.put("controlPlaneJoinCommand", oneLine(c)));
            result.uploadedCertificateKey().ifPresent(k -> doc.put("certificateKey", k.hex()));
            out.println(Json.line(doc));
            out.flush();
            return result.report().ok() ? 0 : 1;
        }
        if (options.dryRun()) {
            printer.dryRun(options.dryRunDir(), result.dryRunActions());
        }
        printer.summary(result.report());
        boolean closing = result.report().ok() && only.isEmpty();
        if (closing) {
            if (options.dryRun()) {
                out.println();
                out.println("[dryrun] A real run would end with:");
            }
            printClosingSummary(out, result);
        }
        // The key is printed once: in the control-plane join command, else on its own (init phase
        // upload-certs, a skipped bootstrap-token phase, a later phase that failed).
        if (!(closing && result.controlPlaneJoinCommand().isPresent())) {
            result.uploadedCertificateKey().ifPresent(k -> {
                out.println();
                out.println("[upload-certs] Using certificate key:");
                out.println(k.hex());
                out.println("Control-plane joins need it (--certificate-key); keep it secret.");
            });
        }
        out.flush();
        return result.report().ok() ? 0 : 1;
    }

    /** A join command as one line, without the continuation backslashes of the printed form. */
    private static String oneLine(String command) {
        return command.replace(" \\\n\t", " ");
    }

    private void printClosingSummary(PrintWriter out, InitWorkflow.Result result) {
        out.println();
        out.println("Your Kubernetes control plane is initialized.");
        out.println();
        out.println("To use the cluster as a regular user, run:");
        out.println();
        out.println("  mkdir -p $HOME/.kube");
        out.println("  sudo cp -i " + NodeLayout.ADMIN_CONF + " $HOME/.kube/config");
        out.println("  sudo chown $(id -u):$(id -g) $HOME/.kube/config");
        out.println();
        out.println("As root you can instead run:");
        out.println();
        out.println("  export KUBECONFIG=" + NodeLayout.ADMIN_CONF);
        out.println();
        out.println("Next, deploy a pod network add-on (a CNI plugin) to the cluster.");
        result.controlPlaneJoinCommand().ifPresent(c -> {
            out.println();
            out.println("Join further control-plane nodes by running this on each as root:");
            out.println();
            out.println(c);
            out.println();
            out.println("The certificate key decrypts the uploaded certificates; keep it secret. The upload is "
                    + "deleted in two hours ('bootstrap init phase upload-certs --upload-certs' uploads again).");
        });
        out.println();
        result.workerJoinCommand().ifPresentOrElse(c -> {
            out.println("Join worker nodes by running this on each as root:");
            out.println();
            out.println(c);
        }, () -> out.println("No join command: the bootstrap-token phase did not run."));
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("bootstrap-dryrun-");
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a temporary directory for --dry-run: " + e.getMessage(), e);
        }
    }
}
