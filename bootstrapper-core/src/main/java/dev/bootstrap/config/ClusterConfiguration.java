package dev.bootstrap.config;

import dev.bootstrap.net.Cidr;
import dev.bootstrap.net.DnsNames;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.pki.NodeLayout;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** kubeadm's {@code kubeadm.k8s.io/v1beta4 ClusterConfiguration}, with kubeadm's defaults applied. */
public record ClusterConfiguration(
        Etcd etcd,
        Networking networking,
        KubernetesVersion kubernetesVersion,
        String controlPlaneEndpoint,
        ApiServer apiServer,
        ControlPlaneComponent controllerManager,
        ControlPlaneComponent scheduler,
        Dns dns,
        boolean proxyDisabled,
        String certificatesDir,
        String imageRepository,
        Map<String, Boolean> featureGates,
        String clusterName,
        String encryptionAlgorithm,
        Duration certificateValidityPeriod,
        Duration caCertificateValidityPeriod) {

    public static final String KIND = "ClusterConfiguration";
    public static final String DEFAULT_IMAGE_REPOSITORY = "registry.k8s.io";
    public static final List<String> ENCRYPTION_ALGORITHMS =
            List.of("RSA-2048", "RSA-3072", "RSA-4096", "ECDSA-P256", "ECDSA-P384");

    private static final Pattern IMAGE_REPOSITORY = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?(:[0-9]+)?(/[a-z0-9]([a-z0-9._-]*[a-z0-9])?)*");
    private static final Pattern IMAGE_TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    /** {@code networking}; podSubnet is "" when not set. */
    public record Networking(String serviceSubnet, String podSubnet, String dnsDomain) {

        /** The first service CIDR (the IPv4 one comes first in a dual-stack pair as given). */
        public Cidr primaryServiceCidr() {
            return Cidr.parse(serviceSubnet.split(",")[0]).orElseThrow();
        }

        /** The cluster DNS service IP: index 10 of the first service CIDR. */
        public String dnsServiceIp() {
            return primaryServiceCidr().nth(10).getHostAddress();
        }
    }

    /** {@code etcd}: exactly one of local (stacked) and external. */
    public record Etcd(LocalEtcd local, ExternalEtcd external) {
    }

    public record LocalEtcd(String imageRepository, String imageTag, String dataDir, List<Arg> extraArgs,
                            List<EnvVar> extraEnvs, List<String> serverCertSANs, List<String> peerCertSANs) {
    }

    public record ExternalEtcd(List<String> endpoints, String caFile, String certFile, String keyFile) {
    }

    public record ApiServer(ControlPlaneComponent component, List<String> certSANs) {
    }

    /** {@code dns}: CoreDNS image overrides; "" = derived from imageRepository / the version table. */
    public record Dns(boolean disabled, String imageRepository, String imageTag) {
    }

    public VersionTable.Release release() {
        return VersionTable.of(kubernetesVersion);
    }

    /** A feature gate's value: the user's setting, else the version's default. */
    public boolean featureEnabled(String gate) {
        Boolean set = featureGates.get(gate);
        return set != null ? set : release().gateDefault(gate);
    }

    /**
     * The key algorithm: a PublicKeysECDSA gate in featureGates (set by a v1beta3 file, whose gate the
     * conversion copies) wins over encryptionAlgorithm, as in kubeadm's EncryptionAlgorithmType
     * (cmd/kubeadm/app/apis/kubeadm/types.go).
     */
    public String encryptionAlgorithmType() {
        Boolean ecdsa = featureGates.get(VersionTable.PUBLIC_KEYS_ECDSA);
        if (ecdsa == null) {
            return encryptionAlgorithm;
        }
        return ecdsa ? "ECDSA-P256" : "RSA-2048";
    }

    public boolean localEtcd() {
        return etcd.local() != null;
    }

    /** Where this cluster's files are on a node: the certificates under certificatesDir. */
    public NodeLayout layout() {
        return new NodeLayout(certificatesDir);
    }

    /** Reads one ClusterConfiguration mapping (a document, or one embedded in another file). */
    public static ClusterConfiguration read(ConfigNode doc) {
        ConfigNode.Fields f = doc.fields("apiVersion", "kind", "etcd", "networking", "kubernetesVersion",
                "controlPlaneEndpoint", "apiServer", "controllerManager", "scheduler", "dns", "proxy",
                "certificatesDir", "imageRepository", "featureGates", "clusterName", "encryptionAlgorithm",
                "certificateValidityPeriod", "caCertificateValidityPeriod");
        KubernetesVersion version = f.get("kubernetesVersion").map(ClusterConfiguration::version)
                .orElse(KubernetesVersion.parse(VersionTable.DEFAULT_VERSION).orElseThrow());
        return new ClusterConfiguration(
                f.get("etcd").map(ClusterConfiguration::etcd).orElse(defaultEtcd()),
                f.get("networking").map(ClusterConfiguration::networking).orElse(networking(null)),
                version,
                f.get("controlPlaneEndpoint", ClusterConfiguration::endpoint, ""),
                f.get("apiServer").map(ClusterConfiguration::apiServer)
                        .orElse(new ApiServer(ControlPlaneComponent.NONE, List.of())),
                f.get("controllerManager", ControlPlaneComponent::read, ControlPlaneComponent.NONE),
                f.get("scheduler", ControlPlaneComponent::read, ControlPlaneComponent.NONE),
                f.get("dns").map(ClusterConfiguration::dns).orElse(new Dns(false, "", "")),
                f.get("proxy").map(n -> n.fields("disabled").bool("disabled", false)).orElse(false),
                f.get("certificatesDir", ClusterConfiguration::absolutePath, NodeLayout.DEFAULT_CERTIFICATES_DIR),
                f.get("imageRepository", ClusterConfiguration::imageRepository, DEFAULT_IMAGE_REPOSITORY),
                f.get("featureGates").map(n -> featureGates(n, version)).orElse(Map.of()),
                f.get("clusterName", ClusterConfiguration::clusterName, "kubernetes"),
                f.get("encryptionAlgorithm", n -> n.oneOf(ENCRYPTION_ALGORITHMS), "RSA-2048"),
                f.get("certificateValidityPeriod", ConfigNode::duration, Duration.ofHours(8760)),
                f.get("caCertificateValidityPeriod", ConfigNode::duration, Duration.ofHours(87600)));
    }

    static KubernetesVersion version(ConfigNode n) {
        KubernetesVersion v = anyVersion(n);
        if (!VersionTable.supports(v)) {
            throw n.error("\"" + n.string() + "\" is not supported; bootstrap deploys v1." + VersionTable.OLDEST_MINOR
                    + ".x to v1." + VersionTable.NEWEST_MINOR + ".x");
        }
        return v;
    }

    /** A version, deployable or not: an upgrade's target is judged later, against the cluster (upgrade.SkewPolicy). */
    static KubernetesVersion anyVersion(ConfigNode n) {
        return KubernetesVersion.parse(n.string())
                .orElseThrow(() -> n.invalid("a Kubernetes version such as " + VersionTable.DEFAULT_VERSION
                        + " (labels like stable-1 are not resolved offline)"));
    }

    private static String endpoint(ConfigNode n) {
        String text = n.string();
        if (HostPort.parse(text).isEmpty()) {
            throw n.invalid("a valid endpoint (host or host:port, IPv6 as [addr]:port)");
        }
        return text;
    }

    private static Networking networking(ConfigNode n) {
        ConfigNode.Fields f = n == null ? new ConfigNode.Fields(Map.of()) : n.fields("serviceSubnet", "podSubnet",
                "dnsDomain");
        String service = f.get("serviceSubnet", ClusterConfiguration::serviceSubnet, "10.96.0.0/12");
        String pod = f.get("podSubnet", ClusterConfiguration::podSubnet, "");
        f.get("podSubnet").ifPresent(field -> checkApart(field, pod, service));
        String domain = f.get("dnsDomain", c -> {
            if (!DnsNames.isSubdomain(c.string())) {
                throw c.invalid("a valid DNS domain (lower-case RFC 1123 subdomain)");
            }
            return c.string();
        }, "cluster.local");
        return new Networking(service, pod, domain);
    }

    private static String serviceSubnet(ConfigNode n) {
        String text = n.cidrs();
        for (String part : text.split(",")) {
            Cidr cidr = Cidr.parse(part).orElseThrow();
            int hostBits = cidr.bits() - cidr.prefix();
            if (hostBits > 20) {
                throw n.error("\"" + part + "\" is too large: at most 20 host bits (/" + (cidr.bits() - 20)
                        + ") are allowed for the service subnet");
            }
            if (hostBits < 4) {
                throw n.error("\"" + part + "\" is too small: the service subnet needs at least 10 addresses");
            }
        }
        return text;
    }

    private static String podSubnet(ConfigNode n) {
        String text = n.cidrs();
        for (String part : text.split(",")) {
            Cidr cidr = Cidr.parse(part).orElseThrow();
            if (cidr.bits() - cidr.prefix() < 4) {
                throw n.error("\"" + part + "\" is too small: the pod subnet needs at least 14 addresses");
            }
        }
        return text;
    }

    /** A pod and a service with one address would each get the other's traffic: the ranges must not overlap. */
    private static void checkApart(ConfigNode podSubnet, String pod, String service) {
        for (Cidr pods : Cidr.list(pod)) {
            for (Cidr services : Cidr.list(service)) {
                if (pods.overlaps(services)) {
                    throw podSubnet.error("\"" + pods + "\" overlaps networking.serviceSubnet " + services + ": a pod "
                            + "and a service could get the same address; choose ranges that do not overlap (kubeadm's "
                            + "defaults: podSubnet 10.244.0.0/16, serviceSubnet 10.96.0.0/12)");
                }
            }
        }
    }

    private static Etcd defaultEtcd() {
        return new Etcd(new LocalEtcd("", "", NodeLayout.DEFAULT_ETCD_DATA_DIR, List.of(), List.of(), List.of(),
                List.of()), null);
    }

    private static Etcd etcd(ConfigNode n) {
        ConfigNode.Fields f = n.fields("local", "external");
        if (f.get("local").isPresent() && f.get("external").isPresent()) {
            throw n.error("set either etcd.local or etcd.external, not both");
        }
        if (f.get("external").isPresent()) {
            ConfigNode ext = f.get("external").get();
            ConfigNode.Fields e = ext.fields("endpoints", "caFile", "certFile", "keyFile");
            List<String> endpoints = e.list("endpoints", ClusterConfiguration::url);
            if (endpoints.isEmpty()) {
                throw ext.error("\"endpoints\" must list at least one etcd URL");
            }
            return new Etcd(null, new ExternalEtcd(endpoints, e.get("caFile", ClusterConfiguration::absolutePath, ""),
                    e.get("certFile", ClusterConfiguration::absolutePath, ""),
                    e.get("keyFile", ClusterConfiguration::absolutePath, "")));
        }
        if (f.get("local").isEmpty()) {
            return defaultEtcd();
        }
        ConfigNode.Fields l = f.get("local").get().fields("imageRepository", "imageTag", "dataDir", "extraArgs",
                "extraEnvs", "serverCertSANs", "peerCertSANs");
        return new Etcd(new LocalEtcd(
                l.get("imageRepository", ClusterConfiguration::imageRepository, ""),
                l.get("imageTag", ClusterConfiguration::imageTag, ""),
                l.get("dataDir", ClusterConfiguration::absolutePath, NodeLayout.DEFAULT_ETCD_DATA_DIR),
                Arg.readList(l, "extraArgs"),
                l.list("extraEnvs", EnvVar::read),
                l.list("serverCertSANs", ClusterConfiguration::san),
                l.list("peerCertSANs", ClusterConfiguration::san)), null);
    }

    private static String url(ConfigNode n) {
        String text = n.string();
        if (!text.matches("(https?|unix)://.+")) {
            throw n.invalid("a URL (https://host:port)");
        }
        return text;
    }

    private static ApiServer apiServer(ConfigNode n) {
        ConfigNode.Fields f = n.fields("extraArgs", "extraVolumes", "extraEnvs", "certSANs");
        return new ApiServer(ControlPlaneComponent.read(f), f.list("certSANs", ClusterConfiguration::san));
    }

    private static String san(ConfigNode n) {
        String text = n.string();
        String host = text.startsWith("*.") ? text.substring(2) : text;
        if (!HostPort.isHost(host)) {
            throw n.invalid("a valid IP address or DNS name");
        }
        return text;
    }

    private static Dns dns(ConfigNode n) {
        ConfigNode.Fields f = n.fields("disabled", "imageRepository", "imageTag");
        return new Dns(f.bool("disabled", false), f.get("imageRepository", ClusterConfiguration::imageRepository, ""),
                f.get("imageTag", ClusterConfiguration::imageTag, ""));
    }

    static String absolutePath(ConfigNode n) {
        if (!n.string().startsWith("/")) {
            throw n.invalid("an absolute path");
        }
        return n.string();
    }

    static String imageRepository(ConfigNode n) {
        if (!IMAGE_REPOSITORY.matcher(n.string()).matches()) {
            throw n.invalid("a valid image repository (registry[:port]/path, no scheme, no trailing slash)");
        }
        return n.string();
    }

    private static String imageTag(ConfigNode n) {
        if (!IMAGE_TAG.matcher(n.string()).matches()) {
            throw n.invalid("a valid image tag");
        }
        return n.string();
    }

    private static String clusterName(ConfigNode n) {
        if (!DnsNames.isSubdomain(n.string())) {
            throw n.invalid("a valid cluster name (lower-case RFC 1123 subdomain)");
        }
        return n.string();
    }

    private static Map<String, Boolean> featureGates(ConfigNode n, KubernetesVersion version) {
        Map<String, Boolean> gates = n.map(ConfigNode::bool);
        Map<String, VersionTable.Gate> known = VersionTable.of(version).minor().gates();
        for (Map.Entry<String, Boolean> gate : gates.entrySet()) {
            VersionTable.Gate spec = known.get(gate.getKey());
            if (spec != null && spec.removed()) {
                // kubeadm no longer knows the gate: "unrecognized feature-gate key" (features.NewFeatureGate)
                throw n.error("unrecognized feature-gate key: feature gate " + gate.getKey() + " was removed in "
                        + "Kubernetes " + VersionTable.gateRemovedIn(gate.getKey()).orElseThrow().name()
                        + (spec.enabled() ? " (its behaviour is always on)" : "") + "; delete it from featureGates"
                        + VersionTable.gateSuccessor(gate.getKey()).map(f -> " (" + f + " is its v1beta4 form)")
                                .orElse(""));
            }
            if (spec == null) {
                List<String> current = known.entrySet().stream().filter(e -> !e.getValue().removed())
                        .map(Map.Entry::getKey).sorted().toList();
                throw n.error("unknown feature gate \"" + gate.getKey() + "\" for Kubernetes " + version
                        + " (known: " + (current.isEmpty() ? "none" : String.join(", ", current)) + ")");
            }
            if (spec == VersionTable.Gate.LOCKED_ON && !gate.getValue()) {
                throw n.error("feature gate " + gate.getKey() + " is GA and locked to true in Kubernetes " + version);
            }
        }
        return new TreeMap<>(gates);
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("apiVersion", KubeadmConfig.API_VERSION);
        m.put("kind", KIND);
        Map<String, Object> api = new LinkedHashMap<>();
        if (!apiServer.certSANs().isEmpty()) {
            api.put("certSANs", apiServer.certSANs());
        }
        apiServer.component().toYaml(api);
        m.put("apiServer", api);
        m.put("caCertificateValidityPeriod", GoDuration.format(caCertificateValidityPeriod));
        m.put("certificateValidityPeriod", GoDuration.format(certificateValidityPeriod));
        m.put("certificatesDir", certificatesDir);
        m.put("clusterName", clusterName);
        if (!controlPlaneEndpoint.isEmpty()) {
            m.put("controlPlaneEndpoint", controlPlaneEndpoint);
        }
        m.put("controllerManager", controllerManager.toYaml());
        Map<String, Object> dnsMap = new LinkedHashMap<>();
        dnsMap.put("disabled", dns.disabled());
        putIfSet(dnsMap, "imageRepository", dns.imageRepository());
        putIfSet(dnsMap, "imageTag", dns.imageTag());
        m.put("dns", dnsMap);
        m.put("encryptionAlgorithm", encryptionAlgorithm);
        m.put("etcd", etcdYaml());
        if (!featureGates.isEmpty()) {
            m.put("featureGates", new LinkedHashMap<>(featureGates));
        }
        m.put("imageRepository", imageRepository);
        m.put("kubernetesVersion", kubernetesVersion.toString());
        Map<String, Object> net = new LinkedHashMap<>();
        net.put("dnsDomain", networking.dnsDomain());
        putIfSet(net, "podSubnet", networking.podSubnet());
        net.put("serviceSubnet", networking.serviceSubnet());
        m.put("networking", net);
        m.put("proxy", new LinkedHashMap<>(Map.of("disabled", proxyDisabled)));
        m.put("scheduler", scheduler.toYaml());
        return m;
    }

    private Map<String, Object> etcdYaml() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (etcd.external() != null) {
            ExternalEtcd e = etcd.external();
            body.put("endpoints", e.endpoints());
            putIfSet(body, "caFile", e.caFile());
            putIfSet(body, "certFile", e.certFile());
            putIfSet(body, "keyFile", e.keyFile());
            return new LinkedHashMap<>(Map.of("external", body));
        }
        LocalEtcd l = etcd.local();
        body.put("dataDir", l.dataDir());
        if (!l.extraArgs().isEmpty()) {
            body.put("extraArgs", Arg.toYaml(l.extraArgs()));
        }
        if (!l.extraEnvs().isEmpty()) {
            body.put("extraEnvs", l.extraEnvs().stream().map(EnvVar::toYaml).toList());
        }
        putIfSet(body, "imageRepository", l.imageRepository());
        putIfSet(body, "imageTag", l.imageTag());
        if (!l.peerCertSANs().isEmpty()) {
            body.put("peerCertSANs", l.peerCertSANs());
        }
        if (!l.serverCertSANs().isEmpty()) {
            body.put("serverCertSANs", l.serverCertSANs());
        }
        return new LinkedHashMap<>(Map.of("local", body));
    }

    static void putIfSet(Map<String, Object> m, String key, String value) {
        if (value != null && !value.isEmpty()) {
            m.put(key, value);
        }
    }
}
