package dev.bootstrap.cli;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.init.CertsPhase;
import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.nodefiles.CertificateFiles;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bootstrap init phase certs all|<name>}: init's certs phase ({@link CertsPhase#generate}) with kubeadm's
 * flags for it, writing into --cert-dir, from the flags or from init's --config; the sub-phase is the
 * certificate's name.
 */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Generate kubeadm's certificates and keys (all, or one by name).",
                "Existing valid files are reused untouched; a file that does not fit is an error."})
public final class CertsPhaseCommand implements Callable<Integer> {

    /** The names "init phase certs" accepts (the phase's sub-phases), for completion and --help. */
    static final class Names extends AllOrNames {
        @Override
        List<String> names() {
            return CertsPhase.SPEC.subPhases();
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "NAME", defaultValue = "all", completionCandidates = Names.class,
            description = "One of: ${COMPLETION-CANDIDATES} (default: all).")
    String name;

    @Option(names = "--apiserver-advertise-address", paramLabel = "IP",
            description = "The IP address the API server advertises (default: this machine's primary IPv4).")
    String advertiseAddress;

    @Option(names = "--apiserver-cert-extra-sans", split = ",", paramLabel = "SAN",
            description = "Extra SANs (IPs or DNS names) for the API server certificate, comma-separated.")
    List<String> extraSans = new ArrayList<>();

    @Option(names = "--control-plane-endpoint", paramLabel = "HOST[:PORT]",
            description = "A stable address for the control plane (DNS name or IP, optional port).")
    String controlPlaneEndpoint;

    @Option(names = "--service-cidr", paramLabel = "CIDR", defaultValue = PkiConfig.DEFAULT_SERVICE_SUBNET,
            description = "Service IP range (default: ${DEFAULT-VALUE}).")
    String serviceCidr;

    @Option(names = "--service-dns-domain", paramLabel = "DOMAIN", defaultValue = PkiConfig.DEFAULT_DNS_DOMAIN,
            description = "Service DNS domain (default: ${DEFAULT-VALUE}).")
    String dnsDomain;

    @Option(names = "--node-name", paramLabel = "NAME", description = "Node name (default: the hostname, lower-cased).")
    String nodeName;

    @Mixin
    CertDirOption certDirOption;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION", defaultValue = "stable-1",
            description = "Kubernetes version (v1." + VersionTable.OLDEST_MINOR + " to v1." + VersionTable.NEWEST_MINOR + "; stable-1 = " + VersionTable.DEFAULT_VERSION + ").")
    String kubernetesVersion;

    @Option(names = "--encryption-algorithm", paramLabel = "ALGORITHM", defaultValue = "RSA-2048",
            description = "Key algorithm: RSA-2048 (default), RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384.")
    String encryptionAlgorithm;

    @Option(names = "--config", paramLabel = "FILE",
            description = {"kubeadm v1beta4 InitConfiguration and/or ClusterConfiguration, as for init: its node name, "
                    + "advertise address, certificatesDir, controlPlaneEndpoint, networking, apiServer.certSANs, "
                    + "etcd SANs, encryptionAlgorithm and validity periods are used; flags given win."})
    Path configFile;

    @Option(names = "--dry-run", description = "Write the files into a temporary directory instead of --cert-dir.")
    boolean dryRun;

    @Override
    public Integer call() {
        String version = checkVersion();
        List<String> names = CertsPhase.SPEC.subPhases();
        if (!names.contains(name) && !"all".equals(name)) {
            throw new ParameterException(spec.commandLine(), "unknown certificate \"" + name + "\"; expected all or one "
                    + "of " + String.join(", ", names));
        }
        KeyAlgorithm algorithm = parseAlgorithm(spec, encryptionAlgorithm);
        KubeadmConfig file = read(version);
        PkiConfig config = pkiConfig(file, algorithm);
        // the file's dryRun counts as the flag does, as in init
        boolean dry = dryRun || file.init().dryRun();
        Path dryRunDir = dry ? InitSettings.tempDir() : null;
        Host files = dry ? new DryRunHost(NodeFiles.host(global), dryRunDir) : NodeFiles.host(global);
        List<PkiGenerator.Outcome> outcomes = CertsPhase.generate(files, config, "all".equals(name) ? SkipPhases.NONE
                : SkipPhases.allBut(CertsPhase.SPEC, name, "init phase certs " + name), KeyPool.NONE);
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("\"" + name + "\" is not made with external etcd");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("certificateDir", config.certDir());
            doc.put("algorithm", config.algorithm().spelling());
            doc.put("certificates", outcomes.stream().map(CertsPhaseCommand::json).toList());
            if (dry) {
                doc.put("dryRunDir", dryRunDir.toString());
            }
            Json.print(out, doc);
            return 0;
        }
        out.println("[certs] Using certificateDir folder \"" + config.certDir() + "\"");
        outcomes.forEach(o -> out.println(text(o)));
        if (dry) {
            out.println("[dryrun] Files were written under " + dryRunDir + "; nothing else was changed.");
        }
        out.flush();
        return 0;
    }

    /**
     * The configuration init would use: --config as init reads it, or the flags alone; only flags given on the
     * command line override the file (their defaults would hide its values).
     *
     * @param version the --kubernetes-version given, or null for the default
     */
    private KubeadmConfig read(String version) {
        String certDir = configFile != null ? certDirOption.givenNodePath(spec, global) : certDirOption.nodePath(spec, global);
        InitFlags flags = new InitFlags(advertiseAddress, null, controlPlaneEndpoint, given("--service-cidr", serviceCidr),
                null, given("--service-dns-domain", dnsDomain), nodeName, certDir, version, null, null, null, null, false,
                null, List.of(), List.of(), extraSans);
        return LocalNode.read(spec, configFile, flags);
    }

    /** The PKI init would make from the configuration (resolved for this machine). */
    private PkiConfig pkiConfig(KubeadmConfig file, KeyAlgorithm algorithm) {
        PkiConfig pki = CertificateFiles.pkiConfig(file);
        return given("--encryption-algorithm", encryptionAlgorithm) == null ? pki
                : pki.toBuilder().algorithm(algorithm).build();
    }

    private <T> T given(String option, T value) {
        return spec.commandLine().getParseResult().hasMatchedOption(option) ? value : null;
    }

    /** A bad --encryption-algorithm is a usage error (exit 2) naming the value. */
    static KeyAlgorithm parseAlgorithm(CommandSpec spec, String value) {
        try {
            return KeyAlgorithm.parse(value);
        } catch (dev.bootstrap.pki.PkiException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, value);
        }
    }

    /**
     * The --kubernetes-version given, or null for the default: stable-N and latest-N labels are not resolved
     * offline and mean the default.
     */
    private String checkVersion() {
        if (kubernetesVersion.matches("stable(-\\d+(\\.\\d+)?)?|latest(-\\d+(\\.\\d+)?)?")) {
            return null;
        }
        KubernetesVersion version = KubernetesVersion.parse(kubernetesVersion).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "--kubernetes-version: \"" + kubernetesVersion + "\" is not a version (e.g. "
                + VersionTable.DEFAULT_VERSION + " or stable-1)"));
        if (!VersionTable.supports(version)) {
            throw new ParameterException(spec.commandLine(), "--kubernetes-version: " + kubernetesVersion
                    + " is not supported; bootstrap deploys v1." + VersionTable.OLDEST_MINOR + ".x to v1."
                    + VersionTable.NEWEST_MINOR + ".x");
        }
        return kubernetesVersion;
    }

    /** kubeadm's wording for each outcome. */
    static String text(PkiGenerator.Outcome o) {
        boolean keyPair = o.kind() == CertSpec.Kind.KEY_PAIR;
        String line = switch (o.action()) {
            case GENERATED -> keyPair ? "[certs] Generating \"sa\" key and public key"
                    : "[certs] Generating \"" + o.baseName() + "\" certificate and key";
            case REUSED -> keyPair ? "[certs] Using the existing \"sa\" key"
                    : o.kind() == CertSpec.Kind.CA ? "[certs] Using existing " + o.baseName() + " certificate authority"
                    : "[certs] Using existing " + o.baseName() + " certificate and key on disk";
            case EXTERNAL_CA -> "[certs] External CA mode: using the existing " + o.baseName()
                    + " certificate without its key";
        };
        if (!o.altNames().isEmpty()) {
            line += "\n[certs] " + o.baseName() + " serving cert is signed for " + o.altNames().describe();
        }
        return line;
    }

    record JsonOutcome(String name, String baseName, String action, List<String> files, List<String> dnsNames,
                       List<String> ips) {
    }

    private static JsonOutcome json(PkiGenerator.Outcome o) {
        return new JsonOutcome(o.name(), o.baseName(), o.action().name().toLowerCase(java.util.Locale.ROOT),
                o.files(), o.altNames().dnsNames(), o.altNames().ips().stream().map(IpAddresses::format).toList());
    }
}
