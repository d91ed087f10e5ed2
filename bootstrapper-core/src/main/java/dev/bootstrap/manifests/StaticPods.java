package dev.bootstrap.manifests;

import dev.bootstrap.config.Arg;
import dev.bootstrap.config.ClusterConfiguration;
import dev.bootstrap.config.ControlPlaneComponent;
import dev.bootstrap.config.EnvVar;
import dev.bootstrap.config.HostPathMount;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.patches.Patches;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.RenderedYaml;
import dev.bootstrap.templates.TemplateException;
import dev.bootstrap.templates.TemplateRenderer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The four static-pod manifests of a control-plane node, as kubeadm writes them for the configured version
 * (docs/kubeadm-compat.md#static-pods): flags, probes, volumes, env, annotations. Rendered from templates, patched
 * with the user's patches, and parsed back as a fabric8 {@link Pod} before they are returned.
 */
public final class StaticPods {

    public static final int MODE = 0600;
    public static final List<String> COMPONENTS = List.of("etcd", "kube-apiserver", "kube-controller-manager",
            "kube-scheduler");

    /** CA-trust directories mounted into apiserver and controller-manager only where the node has them. */
    static final Map<String, String> CA_TRUST_DIRS = new LinkedHashMap<>();

    static {
        CA_TRUST_DIRS.put("etc-pki-ca-trust", "/etc/pki/ca-trust");
        CA_TRUST_DIRS.put("etc-pki-tls-certs", "/etc/pki/tls/certs");
        CA_TRUST_DIRS.put("etc-ca-certificates", "/etc/ca-certificates");
        CA_TRUST_DIRS.put("usr-share-ca-certificates", "/usr/share/ca-certificates");
        CA_TRUST_DIRS.put("usr-local-share-ca-certificates", "/usr/local/share/ca-certificates");
    }

    private static final String DEFAULT_FLEX_DIR = "/usr/libexec/kubernetes/kubelet-plugins/volume/exec";

    private final TemplateRenderer renderer;
    private final KubeadmConfig config;
    private final ControlPlaneFacts facts;
    private final ClusterConfiguration cluster;
    private final Images images;
    private final Patches patches;

    /** {@code config} must be resolved for the node ({@link KubeadmConfig#forNode}). */
    public StaticPods(TemplateRenderer renderer, KubeadmConfig config, ControlPlaneFacts facts) {
        if (config.nodeName().isEmpty() || config.advertiseAddress().isEmpty()) {
            throw new IllegalArgumentException("the configuration is not resolved for a node (forNode)");
        }
        this.renderer = renderer;
        this.config = config;
        this.facts = facts;
        this.cluster = config.cluster();
        this.images = new Images(cluster);
        this.patches = Patches.load(config.init().patchesDirectory());
    }

    /** The user's patches (patches.directory), applied to each manifest before it is validated. */
    public Patches patches() {
        return patches;
    }

    /** kube-apiserver, kube-controller-manager and kube-scheduler (the control-plane phase). */
    public List<RenderedFile> controlPlane() {
        return List.of(render("kube-apiserver"), render("kube-controller-manager"), render("kube-scheduler"));
    }

    /** The local etcd member (the etcd phase); only for stacked etcd. */
    public RenderedFile etcd() {
        if (!cluster.localEtcd()) {
            throw new IllegalStateException("etcd is external; there is no local etcd manifest");
        }
        return render("etcd");
    }

    /**
     * The etcd member of a control plane joining a stacked-etcd cluster (kubeadm join's etcd phase):
     * {@code --initial-cluster} lists every member ({@link dev.bootstrap.etcd.EtcdMemberClient#initialCluster})
     * and {@code --initial-cluster-state=existing}, so it joins the cluster instead of founding one.
     */
    public RenderedFile etcdJoining(String initialCluster) {
        if (initialCluster == null || initialCluster.isBlank()) {
            throw new IllegalArgumentException("a joining etcd member needs the cluster's --initial-cluster");
        }
        if (!cluster.localEtcd()) {
            throw new IllegalStateException("etcd is external; there is no local etcd manifest");
        }
        return render("etcd", etcdScope(initialCluster));
    }

    /** One component's manifest, validated. */
    public RenderedFile render(String component) {
        Map<String, Object> scope = switch (component) {
            case "kube-apiserver" -> apiServer();
            case "kube-controller-manager" -> controllerManager();
            case "kube-scheduler" -> scheduler();
            case "etcd" -> etcdScope(null);
            default -> throw new IllegalArgumentException("unknown component " + component);
        };
        return render(component, scope);
    }

    private RenderedFile render(String component, Map<String, Object> scope) {
        String template = "manifests/" + component + ".yaml";
        TemplateRenderer.Output output = patches.apply(component, renderer.render(template, scope));
        Pod pod = RenderedYaml.parse(output, Pod.class);
        check(output, pod, component);
        return new RenderedFile(NodeLayout.manifest(component),
                output.text().getBytes(StandardCharsets.UTF_8), MODE, output.template().origin());
    }

    private static void check(TemplateRenderer.Output output, Pod pod, String component) {
        String origin = output.template().origin();
        if (!"Pod".equals(pod.getKind()) || !"v1".equals(pod.getApiVersion())) {
            throw new TemplateException("template " + origin + ": the rendered manifest must be apiVersion v1, kind Pod");
        }
        if (pod.getMetadata() == null || !component.equals(pod.getMetadata().getName())
                || !"kube-system".equals(pod.getMetadata().getNamespace())) {
            throw new TemplateException("template " + origin + ": metadata must be name " + component
                    + ", namespace kube-system");
        }
        if (pod.getSpec() == null || pod.getSpec().getContainers() == null || pod.getSpec().getContainers().isEmpty()) {
            throw new TemplateException("template " + origin + ": the pod has no containers");
        }
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getImage() == null || c.getImage().isEmpty() || c.getName() == null) {
                throw new TemplateException("template " + origin + ": every container needs a name and an image");
            }
        }
    }

    // ---- kube-apiserver ------------------------------------------------------------------------------

    Map<String, String> apiServerFlags() {
        NodeLayout pki = cluster.layout();
        List<Arg> extra = cluster.apiServer().component().extraArgs();
        Map<String, String> f = new TreeMap<>();
        f.put("advertise-address", config.advertiseAddress());
        f.put("allow-privileged", "true");
        if (ComponentFlags.extra(extra, "authorization-config").isEmpty()) {
            f.put("authorization-mode", "Node,RBAC");
        }
        f.put("client-ca-file", pki.caCert());
        f.put("enable-admission-plugins", "NodeRestriction");
        f.put("enable-bootstrap-token-auth", "true");
        if (cluster.localEtcd()) {
            f.put("etcd-cafile", pki.cert(KubeadmCertificates.ETCD_CA));
            f.put("etcd-certfile", pki.cert(KubeadmCertificates.APISERVER_ETCD_CLIENT));
            f.put("etcd-keyfile", pki.key(KubeadmCertificates.APISERVER_ETCD_CLIENT));
            String loopback = IpAddresses.isIpv6(config.advertiseAddress()) ? "[::1]" : "127.0.0.1";
            f.put("etcd-servers", ComponentFlags.extra(cluster.etcd().local().extraArgs(), "advertise-client-urls")
                    .orElse("https://" + loopback + ":2379"));
        } else {
            ClusterConfiguration.ExternalEtcd ext = cluster.etcd().external();
            f.put("etcd-servers", String.join(",", ext.endpoints()));
            putIfSet(f, "etcd-cafile", ext.caFile());
            putIfSet(f, "etcd-certfile", ext.certFile());
            putIfSet(f, "etcd-keyfile", ext.keyFile());
        }
        f.put("kubelet-client-certificate", pki.cert(KubeadmCertificates.APISERVER_KUBELET_CLIENT));
        f.put("kubelet-client-key", pki.key(KubeadmCertificates.APISERVER_KUBELET_CLIENT));
        f.put("kubelet-preferred-address-types", "InternalIP,ExternalIP,Hostname");
        f.put("proxy-client-cert-file", pki.cert(KubeadmCertificates.FRONT_PROXY_CLIENT));
        f.put("proxy-client-key-file", pki.key(KubeadmCertificates.FRONT_PROXY_CLIENT));
        f.put("requestheader-allowed-names", "front-proxy-client");
        f.put("requestheader-client-ca-file", pki.cert(KubeadmCertificates.FRONT_PROXY_CA));
        f.put("requestheader-extra-headers-prefix", "X-Remote-Extra-");
        f.put("requestheader-group-headers", "X-Remote-Group");
        f.put("requestheader-username-headers", "X-Remote-User");
        f.put("secure-port", String.valueOf(config.init().localAPIEndpoint().bindPort()));
        f.put("service-account-issuer", "https://kubernetes.default.svc." + cluster.networking().dnsDomain());
        f.put("service-account-key-file", pki.publicKey(KubeadmCertificates.SA));
        f.put("service-account-signing-key-file", pki.key(KubeadmCertificates.SA));
        f.put("service-cluster-ip-range", cluster.networking().serviceSubnet());
        f.put("tls-cert-file", pki.cert(KubeadmCertificates.APISERVER));
        f.put("tls-private-key-file", pki.key(KubeadmCertificates.APISERVER));
        return f;
    }

    private Map<String, Object> apiServer() {
        ControlPlaneComponent component = cluster.apiServer().component();
        int port = config.init().localAPIEndpoint().bindPort();
        Map<String, Object> scope = common("kube-apiserver", images.kubernetes("kube-apiserver"),
                command("kube-apiserver", apiServerFlags(), component.extraArgs()), component.extraEnvs());
        scope.put("advertiseEndpoint", HostPort.join(config.advertiseAddress(), port));
        probes(scope, probeHost(config.advertiseAddress()), port);
        Map<String, Map<String, Object>> volumes = baseCertVolumes();
        if (!cluster.localEtcd()) {
            externalEtcdVolumes(volumes);
        }
        scope.put("volumes", volumes(volumes, component.extraVolumes()));
        return scope;
    }

    private void externalEtcdVolumes(Map<String, Map<String, Object>> volumes) {
        ClusterConfiguration.ExternalEtcd ext = cluster.etcd().external();
        int index = 0;
        for (String file : List.of(ext.caFile(), ext.certFile(), ext.keyFile())) {
            if (file.isEmpty()) {
                continue;
            }
            String dir = file.substring(0, Math.max(1, file.lastIndexOf('/')));
            boolean covered = volumes.values().stream().anyMatch(v -> {
                String p = (String) v.get("path");
                return dir.equals(p) || dir.startsWith(p + "/");
            });
            if (!covered) {
                volumes.put("etcd-certs-" + index, volume("etcd-certs-" + index, dir, "DirectoryOrCreate", true));
                index++;
            }
        }
    }

    // ---- kube-controller-manager ----------------------------------------------------------------------

    Map<String, String> controllerManagerFlags() {
        NodeLayout pki = cluster.layout();
        String kubeconfig = NodeLayout.CONTROLLER_MANAGER_CONF;
        Map<String, String> f = new TreeMap<>();
        String podSubnet = cluster.networking().podSubnet();
        if (!podSubnet.isEmpty()) {
            f.put("allocate-node-cidrs", "true");
            f.put("cluster-cidr", podSubnet);
            f.put("service-cluster-ip-range", cluster.networking().serviceSubnet());
        }
        f.put("authentication-kubeconfig", kubeconfig);
        f.put("authorization-kubeconfig", kubeconfig);
        f.put("bind-address", "127.0.0.1");
        f.put("client-ca-file", pki.caCert());
        f.put("cluster-name", cluster.clusterName());
        f.put("cluster-signing-cert-file", facts.externalCa() ? "" : pki.caCert());
        f.put("cluster-signing-key-file", facts.externalCa() ? "" : pki.caKey());
        f.put("controllers", "*,bootstrapsigner,tokencleaner");
        f.put("kubeconfig", kubeconfig);
        f.put("leader-elect", "true");
        f.put("requestheader-client-ca-file", pki.cert(KubeadmCertificates.FRONT_PROXY_CA));
        f.put("root-ca-file", pki.caCert());
        f.put("service-account-private-key-file", pki.key(KubeadmCertificates.SA));
        f.put("use-service-account-credentials", "true");
        return f;
    }

    private Map<String, Object> controllerManager() {
        ControlPlaneComponent component = cluster.controllerManager();
        Map<String, Object> scope = common("kube-controller-manager", images.kubernetes("kube-controller-manager"),
                command("kube-controller-manager", controllerManagerFlags(), component.extraArgs()),
                component.extraEnvs());
        probes(scope, localProbeHost(component.extraArgs()), 10257);
        Map<String, Map<String, Object>> volumes = baseCertVolumes();
        if (!config.release().has(VersionTable.Rule.NO_FLEXVOLUME_DIR)) {
            String flexDir = ComponentFlags.extra(component.extraArgs(), "flex-volume-plugin-dir").orElse(DEFAULT_FLEX_DIR);
            volumes.put("flexvolume-dir", volume("flexvolume-dir", flexDir, "DirectoryOrCreate", false));
        }
        volumes.put("kubeconfig", volume("kubeconfig", NodeLayout.CONTROLLER_MANAGER_CONF, "FileOrCreate", true));
        scope.put("volumes", volumes(volumes, component.extraVolumes()));
        return scope;
    }

    // ---- kube-scheduler -------------------------------------------------------------------------------

    Map<String, String> schedulerFlags() {
        String kubeconfig = NodeLayout.SCHEDULER_CONF;
        Map<String, String> f = new TreeMap<>();
        f.put("authentication-kubeconfig", kubeconfig);
        f.put("authorization-kubeconfig", kubeconfig);
        f.put("bind-address", "127.0.0.1");
        f.put("kubeconfig", kubeconfig);
        f.put("leader-elect", "true");
        return f;
    }

    private Map<String, Object> scheduler() {
        ControlPlaneComponent component = cluster.scheduler();
        Map<String, Object> scope = common("kube-scheduler", images.kubernetes("kube-scheduler"),
                command("kube-scheduler", schedulerFlags(), component.extraArgs()), component.extraEnvs());
        probes(scope, localProbeHost(component.extraArgs()), 10259);
        boolean livez = config.release().has(VersionTable.Rule.SCHEDULER_LIVEZ);
        scope.put("livenessPath", livez ? "/livez" : "/healthz");
        scope.put("startupPath", livez ? "/livez" : "/healthz");
        scope.put("readiness", livez);
        Map<String, Map<String, Object>> volumes = new TreeMap<>();
        volumes.put("kubeconfig", volume("kubeconfig", NodeLayout.SCHEDULER_CONF, "FileOrCreate", true));
        scope.put("volumes", volumes(volumes, component.extraVolumes()));
        return scope;
    }

    // ---- etcd -----------------------------------------------------------------------------------------

    /** @param joiningCluster the full --initial-cluster of a joining member; null for the first member */
    private Map<String, String> etcdFlags(String joiningCluster) {
        NodeLayout pki = cluster.layout();
        String adv = config.advertiseAddress();
        String advHost = IpAddresses.isIpv6(adv) ? "[" + adv + "]" : adv;
        String loopback = IpAddresses.isIpv6(adv) ? "[::1]" : "127.0.0.1";
        Map<String, String> f = new TreeMap<>();
        f.put("advertise-client-urls", "https://" + advHost + ":2379");
        f.put("cert-file", pki.cert(KubeadmCertificates.ETCD_SERVER));
        f.put("client-cert-auth", "true");
        f.put("data-dir", cluster.etcd().local().dataDir());
        if (config.release().etcdNewFlagNames(images.etcdTag())) {
            f.put("feature-gates", "InitialCorruptCheck=true");
            f.put("watch-progress-notify-interval", "5s");
        } else {
            f.put("experimental-initial-corrupt-check", "true");
            f.put("experimental-watch-progress-notify-interval", "5s");
        }
        f.put("initial-advertise-peer-urls", "https://" + advHost + ":2380");
        if (joiningCluster == null) {
            f.put("initial-cluster", config.nodeName() + "=https://" + advHost + ":2380");
        } else {
            f.put("initial-cluster", joiningCluster);
            f.put("initial-cluster-state", "existing");
        }
        f.put("key-file", pki.key(KubeadmCertificates.ETCD_SERVER));
        f.put("listen-client-urls", "https://" + loopback + ":2379,https://" + advHost + ":2379");
        f.put("listen-metrics-urls", "http://" + loopback + ":2381");
        f.put("listen-peer-urls", "https://" + advHost + ":2380");
        f.put("name", config.nodeName());
        f.put("peer-cert-file", pki.cert(KubeadmCertificates.ETCD_PEER));
        f.put("peer-client-cert-auth", "true");
        f.put("peer-key-file", pki.key(KubeadmCertificates.ETCD_PEER));
        f.put("peer-trusted-ca-file", pki.cert(KubeadmCertificates.ETCD_CA));
        f.put("snapshot-count", "10000");
        f.put("trusted-ca-file", pki.cert(KubeadmCertificates.ETCD_CA));
        return f;
    }

    private Map<String, Object> etcdScope(String joiningCluster) {
        ClusterConfiguration.LocalEtcd local = cluster.etcd().local();
        Map<String, String> flags = etcdFlags(joiningCluster);
        Map<String, Object> scope = common("etcd", images.etcd(), command("etcd", flags,
                local.extraArgs()), local.extraEnvs());
        scope.put("advertiseClientUrls", flags.get("advertise-client-urls"));
        // The probes follow the first metrics URL, as kubeadm's do.
        String metrics = ComponentFlags.extra(local.extraArgs(), "listen-metrics-urls")
                .orElse(flags.get("listen-metrics-urls")).split(",")[0];
        URI uri = URI.create(metrics);
        String host = uri.getHost() == null ? "" : uri.getHost().replace("[", "").replace("]", "");
        probes(scope, probeHost(host), uri.getPort() > 0 ? uri.getPort() : 2381);
        scope.put("probeScheme", "https".equals(uri.getScheme()) ? "HTTPS" : "HTTP");
        Map<String, Map<String, Object>> volumes = new TreeMap<>();
        volumes.put("etcd-certs", volume("etcd-certs", cluster.layout().etcdDir(), "DirectoryOrCreate", false));
        volumes.put("etcd-data", volume("etcd-data", local.dataDir(), "DirectoryOrCreate", false));
        scope.put("volumes", volumes(volumes, List.of()));
        return scope;
    }

    // ---- shared ---------------------------------------------------------------------------------------

    private List<String> command(String binary, Map<String, String> defaults, List<Arg> extraArgs) {
        return ComponentFlags.command(binary, defaults, extraArgs, config.release());
    }

    private Map<String, Object> common(String name, String image, List<String> command, List<EnvVar> extraEnvs) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("image", image);
        scope.put("imagePullPolicy", config.init().nodeRegistration().imagePullPolicy());
        scope.put("command", command);
        Map<String, String> env = new TreeMap<>(facts.proxyEnv());
        extraEnvs.forEach(e -> env.put(e.name(), e.value()));
        List<Map<String, Object>> envList = new ArrayList<>();
        env.forEach((k, v) -> envList.add(Map.of("name", k, "value", v)));
        scope.put("env", envList);
        scope.put("hasEnv", !envList.isEmpty());
        scope.put("cpuRequest", switch (name) {
            case "kube-apiserver" -> "250m";
            case "kube-controller-manager" -> "200m";
            default -> "100m";
        });
        return scope;
    }

    /** Probe host, port and version-dependent probe shape shared by all four pods. */
    private void probes(Map<String, Object> scope, String host, int port) {
        boolean named = config.release().has(VersionTable.Rule.PROBE_PORT_NAMES);
        scope.put("probeHost", host);
        scope.put("hasProbeHost", !host.isEmpty());
        scope.put("probePortNumber", port);
        scope.put("probePortNamed", named);
        scope.put("probePort", named ? "probe-port" : String.valueOf(port));
        long timeout = config.init().timeouts().controlPlaneComponentHealthCheck().toSeconds();
        scope.put("startupFailureThreshold", Math.max(1, (timeout + 9) / 10));
        scope.putIfAbsent("probeScheme", "HTTPS");
    }

    /** kubeadm leaves the probe host empty for wildcard bind addresses (the kubelet then uses the pod IP). */
    private static String probeHost(String address) {
        return address.equals("0.0.0.0") || address.equals("::") ? "" : address;
    }

    private static String localProbeHost(List<Arg> extraArgs) {
        return probeHost(ComponentFlags.extra(extraArgs, "bind-address").orElse("127.0.0.1"));
    }

    private Map<String, Map<String, Object>> baseCertVolumes() {
        Map<String, Map<String, Object>> volumes = new TreeMap<>();
        volumes.put("ca-certs", volume("ca-certs", "/etc/ssl/certs", "DirectoryOrCreate", true));
        volumes.put("k8s-certs", volume("k8s-certs", cluster.certificatesDir(), "DirectoryOrCreate", true));
        CA_TRUST_DIRS.forEach((name, path) -> {
            if (facts.pathExists().test(path)) {
                volumes.put(name, volume(name, path, "DirectoryOrCreate", true));
            }
        });
        return volumes;
    }

    private static Map<String, Object> volume(String name, String path, String type, boolean readOnly) {
        Map<String, Object> v = new HashMap<>();
        v.put("name", name);
        v.put("path", path);
        v.put("mountPath", path);
        v.put("type", type);
        v.put("hasType", !type.isEmpty());
        v.put("readOnly", readOnly);
        return v;
    }

    /** Defaults plus user volumes (a user volume replaces a default of the same name), sorted by name. */
    private static List<Map<String, Object>> volumes(Map<String, Map<String, Object>> defaults,
                                                     List<HostPathMount> extra) {
        Map<String, Map<String, Object>> all = new TreeMap<>(defaults);
        for (HostPathMount m : extra) {
            Map<String, Object> v = volume(m.name(), m.hostPath(), m.pathType(), m.readOnly());
            v.put("mountPath", m.mountPath());
            all.put(m.name(), v);
        }
        return new ArrayList<>(all.values());
    }

    private static void putIfSet(Map<String, String> flags, String name, String value) {
        if (!value.isEmpty()) {
            flags.put(name, value);
        }
    }
}
