package dev.bootstrap.cli;

import dev.bootstrap.host.LocalNetwork;
import dev.bootstrap.pki.CertSpec;
import dev.bootstrap.pki.IpAddresses;
import dev.bootstrap.pki.KeyAlgorithm;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code bootstrap init phase certs all|<name>}: kubeadm's certificates into --cert-dir. */
@Command(name = "certs", mixinStandardHelpOptions = true,
        description = {"Generate kubeadm's certificates and keys (all, or one by name).",
                "Existing valid files are reused untouched; a file that does not fit is an error."})
public final class CertsPhaseCommand implements Callable<Integer> {

    /** The names "init phase certs" accepts, for completion and --help. */
    static final class Names extends AllOrNames {
        @Override
        List<String> names() {
            return KubeadmCertificates.names();
        }
    }

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(\\.\\d+)?([-+].*)?");

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
            description = "Kubernetes version (1.31 or later; the certificates follow kubeadm 1.31+).")
    String kubernetesVersion;

    @Option(names = "--encryption-algorithm", paramLabel = "ALGORITHM", defaultValue = "RSA-2048",
            description = "Key algorithm: RSA-2048 (default), RSA-3072, RSA-4096, ECDSA-P256, ECDSA-P384.")
    String encryptionAlgorithm;

    @Override
    public Integer call() {
        checkVersion();
        if (!KubeadmCertificates.names().contains(name) && !"all".equals(name)) {
            throw new ParameterException(spec.commandLine(), "unknown certificate \"" + name + "\"; expected all or one "
                    + "of " + String.join(", ", KubeadmCertificates.names()));
        }
        KeyAlgorithm algorithm = parseAlgorithm(spec, encryptionAlgorithm);
        String advertise = advertiseAddress != null ? advertiseAddress : defaultAdvertiseAddress();
        PkiConfig config = PkiConfig.builder(nodeName != null ? nodeName : LocalNetwork.hostname(), advertise)
                .certDir(certDirOption.nodePath(spec, global))
                .serviceSubnet(serviceCidr).dnsDomain(dnsDomain).controlPlaneEndpoint(controlPlaneEndpoint)
                .apiServerCertSans(extraSans).algorithm(algorithm).build();
        List<CertSpec> selected = KubeadmCertificates.select(name, config);
        List<PkiGenerator.Outcome> outcomes = new PkiGenerator(NodeFiles.host(global)).generate(config, selected);
        PrintWriter out = spec.commandLine().getOut();
        if (global.json()) {
            Json.print(out, Map.of("certificateDir", config.certDir(), "algorithm", algorithm.spelling(),
                    "certificates", outcomes.stream().map(CertsPhaseCommand::json).toList()));
            return 0;
        }
        out.println("[certs] Using certificateDir folder \"" + config.certDir() + "\"");
        outcomes.forEach(o -> out.println(text(o)));
        out.flush();
        return 0;
    }

    /** A bad --encryption-algorithm is a usage error (exit 2) naming the value. */
    static KeyAlgorithm parseAlgorithm(CommandSpec spec, String value) {
        try {
            return KeyAlgorithm.parse(value);
        } catch (dev.bootstrap.pki.PkiException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, value);
        }
    }

    private String defaultAdvertiseAddress() {
        return LocalNetwork.primaryIPv4().map(IpAddresses::format).orElseGet(() -> {
            spec.commandLine().getErr().println("[certs] WARNING: no non-loopback IPv4 address found; using 127.0.0.1 "
                    + "as --apiserver-advertise-address");
            return "127.0.0.1";
        });
    }

    private void checkVersion() {
        if (kubernetesVersion.matches("stable(-\\d+(\\.\\d+)?)?|latest(-\\d+(\\.\\d+)?)?")) {
            return;
        }
        Matcher m = VERSION.matcher(kubernetesVersion);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--kubernetes-version: \"" + kubernetesVersion
                    + "\" is not a version (e.g. v1.32.0 or stable-1)");
        }
        if (Integer.parseInt(m.group(1)) != 1 || Integer.parseInt(m.group(2)) < 31) {
            throw new ParameterException(spec.commandLine(), "--kubernetes-version: " + kubernetesVersion
                    + " is not supported; the certificates follow kubeadm 1.31 and later");
        }
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
