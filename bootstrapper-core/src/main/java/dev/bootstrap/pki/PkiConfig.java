package dev.bootstrap.pki;

import dev.bootstrap.net.Cidr;
import dev.bootstrap.net.DnsNames;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.net.IpAddresses;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Everything the certificates phase needs, with kubeadm's defaults. The lead maps kubeadm's
 * ClusterConfiguration/InitConfiguration into it; errors name both the config field and the flag.
 *
 * @param kubeletClientInAdminsGroup apiserver-kubelet-client.crt carries O=kubeadm:cluster-admins (kubeadm
 *                                   before 1.35.5 / 1.36.1 / 1.37; later a ClusterRoleBinding grants its access)
 * @param start the "process start" time the validity window is measured from (injectable clock)
 */
public record PkiConfig(String certDir, String nodeName, String advertiseAddress, String serviceSubnet,
                        String dnsDomain, String controlPlaneEndpoint, List<String> apiServerCertSans,
                        List<String> etcdServerCertSans, List<String> etcdPeerCertSans, KeyAlgorithm algorithm,
                        Duration caValidity, Duration leafValidity, boolean externalEtcd,
                        boolean kubeletClientInAdminsGroup, Instant start) {

    public static final String DEFAULT_SERVICE_SUBNET = "10.96.0.0/12";
    public static final String DEFAULT_DNS_DOMAIN = "cluster.local";
    public static final Duration DEFAULT_CA_VALIDITY = Duration.ofHours(87600);
    public static final Duration DEFAULT_LEAF_VALIDITY = Duration.ofHours(8760);

    static final String CERT_DIR = "certificatesDir (--cert-dir)";
    static final String NODE_NAME = "nodeRegistration.name (--node-name)";
    static final String ADVERTISE_ADDRESS = "localAPIEndpoint.advertiseAddress (--apiserver-advertise-address)";
    static final String SERVICE_SUBNET = "networking.serviceSubnet (--service-cidr)";
    static final String DNS_DOMAIN = "networking.dnsDomain (--service-dns-domain)";
    static final String CONTROL_PLANE_ENDPOINT = "controlPlaneEndpoint (--control-plane-endpoint)";
    static final String API_SERVER_SANS = "apiServer.certSANs (--apiserver-cert-extra-sans)";
    static final String ETCD_SERVER_SANS = "etcd.local.serverCertSANs";
    static final String ETCD_PEER_SANS = "etcd.local.peerCertSANs";

    public PkiConfig {
        apiServerCertSans = List.copyOf(apiServerCertSans);
        etcdServerCertSans = List.copyOf(etcdServerCertSans);
        etcdPeerCertSans = List.copyOf(etcdPeerCertSans);
    }

    /** Where the certificates of this configuration are on the node. */
    public NodeLayout layout() {
        return new NodeLayout(certDir);
    }

    /** kubeadm's defaults for a node; start = now, truncated to seconds as X.509 times are. */
    public static PkiConfig defaults(String nodeName, String advertiseAddress) {
        return builder(nodeName, advertiseAddress).build();
    }

    /** A builder starting from kubeadm's defaults (see {@link #defaults}). */
    public static Builder builder(String nodeName, String advertiseAddress) {
        return new Builder(nodeName, advertiseAddress);
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder(nodeName, advertiseAddress);
        b.certDir = certDir;
        b.serviceSubnet = serviceSubnet;
        b.dnsDomain = dnsDomain;
        b.controlPlaneEndpoint = controlPlaneEndpoint;
        b.apiServerCertSans = apiServerCertSans;
        b.etcdServerCertSans = etcdServerCertSans;
        b.etcdPeerCertSans = etcdPeerCertSans;
        b.algorithm = algorithm;
        b.caValidity = caValidity;
        b.leafValidity = leafValidity;
        b.externalEtcd = externalEtcd;
        b.kubeletClientInAdminsGroup = kubeletClientInAdminsGroup;
        b.start = start;
        return b;
    }

    /** Sets fields by name; unset ones keep kubeadm's defaults. */
    public static final class Builder {
        private final String nodeName;
        private final String advertiseAddress;
        private String certDir = NodeLayout.DEFAULT_CERTIFICATES_DIR;
        private String serviceSubnet = DEFAULT_SERVICE_SUBNET;
        private String dnsDomain = DEFAULT_DNS_DOMAIN;
        private String controlPlaneEndpoint;
        private List<String> apiServerCertSans = List.of();
        private List<String> etcdServerCertSans = List.of();
        private List<String> etcdPeerCertSans = List.of();
        private KeyAlgorithm algorithm = KeyAlgorithm.DEFAULT;
        private Duration caValidity = DEFAULT_CA_VALIDITY;
        private Duration leafValidity = DEFAULT_LEAF_VALIDITY;
        private boolean externalEtcd;
        private boolean kubeletClientInAdminsGroup = true;
        private Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        private Builder(String nodeName, String advertiseAddress) {
            this.nodeName = nodeName;
            this.advertiseAddress = advertiseAddress;
        }

        public Builder certDir(String value) {
            certDir = value;
            return this;
        }

        /** One CIDR or a dual-stack pair "v4,v6"; the first CIDR gives the API service IP. */
        public Builder serviceSubnet(String value) {
            serviceSubnet = value;
            return this;
        }

        public Builder dnsDomain(String value) {
            dnsDomain = value;
            return this;
        }

        /** "host", "host:port" or "[ipv6]:port"; null for none. */
        public Builder controlPlaneEndpoint(String value) {
            controlPlaneEndpoint = value;
            return this;
        }

        public Builder apiServerCertSans(List<String> value) {
            apiServerCertSans = value;
            return this;
        }

        public Builder etcdServerCertSans(List<String> value) {
            etcdServerCertSans = value;
            return this;
        }

        public Builder etcdPeerCertSans(List<String> value) {
            etcdPeerCertSans = value;
            return this;
        }

        public Builder algorithm(KeyAlgorithm value) {
            algorithm = value;
            return this;
        }

        public Builder caValidity(Duration value) {
            caValidity = value;
            return this;
        }

        public Builder leafValidity(Duration value) {
            leafValidity = value;
            return this;
        }

        /** With external etcd the etcd rows and apiserver-etcd-client are not made. */
        public Builder externalEtcd(boolean value) {
            externalEtcd = value;
            return this;
        }

        public Builder kubeletClientInAdminsGroup(boolean value) {
            kubeletClientInAdminsGroup = value;
            return this;
        }

        /** The "process start" time validity windows are measured from (the injectable clock). */
        public Builder start(Instant value) {
            start = value;
            return this;
        }

        public PkiConfig build() {
            return new PkiConfig(certDir, nodeName, advertiseAddress, serviceSubnet, dnsDomain, controlPlaneEndpoint,
                    apiServerCertSans, etcdServerCertSans, etcdPeerCertSans, algorithm, caValidity, leafValidity,
                    externalEtcd, kubeletClientInAdminsGroup, start);
        }
    }

    /** Checks every field; the first problem is an error naming the field and its flag. */
    public PkiConfig validate() {
        if (certDir == null || !certDir.startsWith("/")) {
            throw new PkiException(CERT_DIR + ": \"" + certDir + "\" must be an absolute path");
        }
        if (!DnsNames.isSubdomain(nodeName)) {
            throw new PkiException(NODE_NAME + ": \"" + nodeName + "\" is not a valid node name "
                    + "(lower-case RFC 1123 subdomain, e.g. node-1)");
        }
        if (!DnsNames.isSubdomain(dnsDomain)) {
            throw new PkiException(DNS_DOMAIN + ": \"" + dnsDomain + "\" is not a valid DNS domain");
        }
        if (algorithm == null) {
            throw new PkiException("encryptionAlgorithm (--encryption-algorithm) is not set");
        }
        requirePositive(caValidity, "caCertificateValidityPeriod");
        requirePositive(leafValidity, "certificateValidityPeriod");
        if (start == null) {
            throw new PkiException("the start time of the certificates is not set");
        }
        apiServerAltNames();
        etcdServerAltNames();
        etcdPeerAltNames();
        return this;
    }

    private static void requirePositive(Duration d, String field) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new PkiException(field + ": validity must be positive, got " + d);
        }
    }

    public InetAddress advertiseIp() {
        return ip(advertiseAddress, ADVERTISE_ADDRESS);
    }

    private static InetAddress ip(String value, String field) {
        return IpAddresses.parse(value).orElseThrow(() -> new PkiException(field + ": \"" + value
                + "\" is not a valid IP address"));
    }

    /** The first address of the first service CIDR (10.96.0.1 by default); every CIDR is checked. */
    public InetAddress apiServerServiceIp() {
        if (serviceSubnet == null || serviceSubnet.isBlank()) {
            throw new PkiException(SERVICE_SUBNET + ": must not be empty");
        }
        InetAddress first = null;
        for (String cidr : serviceSubnet.split(",", -1)) {
            String value = cidr.strip();
            InetAddress ip = Cidr.parse(value).orElseThrow(() -> new PkiException(SERVICE_SUBNET + ": \"" + value
                    + "\" is not a valid CIDR (expected e.g. 10.96.0.0/12)")).nth(1);
            first = first == null ? ip : first;
        }
        return first;
    }

    /** kubeadm's GetAPIServerAltNames. */
    public AltNames apiServerAltNames() {
        AltNames.Builder b = AltNames.builder()
                .dns(nodeName).dns("kubernetes").dns("kubernetes.default").dns("kubernetes.default.svc")
                .dns("kubernetes.default.svc." + dnsDomain)
                .ip(apiServerServiceIp()).ip(advertiseIp());
        if (controlPlaneEndpoint != null && !controlPlaneEndpoint.isBlank()) {
            b.host(controlPlaneEndpointHost());
        }
        return b.extras(apiServerCertSans, API_SERVER_SANS).build();
    }

    public AltNames etcdServerAltNames() {
        return etcdBase().extras(etcdServerCertSans, ETCD_SERVER_SANS).build();
    }

    public AltNames etcdPeerAltNames() {
        return etcdBase().extras(etcdPeerCertSans, ETCD_PEER_SANS).build();
    }

    private AltNames.Builder etcdBase() {
        return AltNames.builder().dns(nodeName).dns("localhost")
                .ip(advertiseIp()).ip(ip("127.0.0.1", "loopback")).ip(ip("::1", "loopback"));
    }

    /**
     * The host of controlPlaneEndpoint ({@link HostPort}). It becomes a SAN, so a DNS name must be lower case,
     * as certSANs must.
     */
    String controlPlaneEndpointHost() {
        String value = controlPlaneEndpoint.strip();
        return HostPort.parse(value).map(HostPort::host).filter(h -> IpAddresses.isIp(h) || DnsNames.isSubdomain(h))
                .orElseThrow(() -> new PkiException(CONTROL_PLANE_ENDPOINT + ": \"" + value + "\" is not a valid "
                        + "endpoint (expected host, host:port or [IPv6]:port with a DNS name or IP as host)"));
    }
}
