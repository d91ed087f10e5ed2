package dev.bootstrap.manifests;

import dev.bootstrap.config.Arg;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.patches.Patches;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.RenderedYaml;
import dev.bootstrap.templates.TemplateException;
import dev.bootstrap.templates.TemplateRenderer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The kubelet's files on a kubeadm node (docs/kubeadm-compat.md#kubelet-files): config.yaml, kubeadm-flags.env,
 * instance-config.yaml (with NodeLocalCRISocket) and the systemd drop-in.
 */
public final class KubeletFiles {

    public static final String RESOLVED_RESOLV_CONF = "/run/systemd/resolve/resolv.conf";

    private final TemplateRenderer renderer;
    private final KubeadmConfig config;

    /** {@code config} must be resolved for the node ({@link KubeadmConfig#forNode}). */
    public KubeletFiles(TemplateRenderer renderer, KubeadmConfig config) {
        this.renderer = renderer;
        this.config = config;
    }

    /**
     * Everything kubelet-start writes on this node, in write order.
     *
     * @param osHostname            the node's host name (hostname-override is added when the node name differs)
     * @param systemdResolvedActive the kubelet must then read systemd-resolved's upstream resolv.conf
     */
    public List<RenderedFile> all(String osHostname, boolean systemdResolvedActive) {
        List<RenderedFile> files = new ArrayList<>();
        files.add(config(systemdResolvedActive));
        if (nodeLocalCriSocket()) {
            files.add(instanceConfig());
        }
        files.add(flagsEnv(osHostname));
        files.add(dropIn());
        return files;
    }

    private boolean nodeLocalCriSocket() {
        return config.featureEnabled(VersionTable.NODE_LOCAL_CRI_SOCKET);
    }

    /** config.yaml of this node: the cluster's KubeletConfiguration with this node's kubeletconfiguration patches. */
    public RenderedFile config(boolean systemdResolvedActive) {
        return config(systemdResolvedActive, Patches.load(config.init().patchesDirectory()));
    }

    /**
     * The KubeletConfiguration of the kubelet-config ConfigMap: kubeadm uploads it without any node's patches,
     * and, from {@link VersionTable.Rule#RESOLV_CONF_PER_NODE}, without the init node's resolvConf.
     */
    public RenderedFile clusterConfig(boolean systemdResolvedActive) {
        return config(systemdResolvedActive && !config.release().has(VersionTable.Rule.RESOLV_CONF_PER_NODE), Patches.NONE);
    }

    /**
     * A joining node's config.yaml from the cluster's kubelet-config: where the release keeps resolvConf per
     * node and this node runs systemd-resolved, its resolv.conf is added at kubeadm's sorted key position
     * (the node is asked only for such releases).
     */
    public String joiningNodeConfig(String clusterConfig, BooleanSupplier systemdResolvedActive) {
        if (!config.release().has(VersionTable.Rule.RESOLV_CONF_PER_NODE) || !systemdResolvedActive.getAsBoolean()) {
            return clusterConfig;
        }
        List<String> lines = new ArrayList<>(clusterConfig.lines().toList());
        if (lines.stream().anyMatch(l -> l.startsWith("resolvConf:"))) {
            return clusterConfig;
        }
        int at = lines.size();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int colon = line.indexOf(':');
            boolean topLevelKey = !line.isEmpty() && Character.isLetter(line.charAt(0)) && colon > 0;
            if (topLevelKey && line.substring(0, colon).compareTo("resolvConf") > 0) {
                at = i;
                break;
            }
        }
        lines.add(at, "resolvConf: " + RESOLVED_RESOLV_CONF);
        return String.join("\n", lines) + "\n";
    }

    private RenderedFile config(boolean systemdResolvedActive, Patches patches) {
        Map<String, Object> scope = new HashMap<>();
        scope.put("clientCAFile", config.cluster().layout().caCert());
        scope.put("clusterDNS", List.of(config.cluster().networking().dnsServiceIp()));
        scope.put("clusterDomain", config.cluster().networking().dnsDomain());
        scope.put("resolvConf", systemdResolvedActive ? RESOLVED_RESOLV_CONF : null);
        scope.put("staticPodPath", NodeLayout.MANIFESTS_DIR);
        return kubeletConfiguration("kubelet/config.yaml", NodeLayout.KUBELET_CONFIG, scope, patches);
    }

    /**
     * The kubelet's health URL as kubeadm derives it from config.yaml (patches and template overrides
     * included): healthzBindAddress and healthzPort, the kubelet's defaults 127.0.0.1 and 10248 when
     * unset; empty when healthzPort is 0 (the endpoint is off and kubeadm skips the wait).
     */
    public Optional<URI> healthzUrl() {
        Map<String, Object> doc = new Yaml(new LoaderOptions()).load(config(false).text());
        Object port = doc.getOrDefault("healthzPort", 10248);
        if (!(port instanceof Integer p) || p < 0 || p > 65535) {
            throw new TemplateException(NodeLayout.KUBELET_CONFIG + ": healthzPort must be a port number 0-65535, got "
                    + port);
        }
        Object address = doc.get("healthzBindAddress");
        String host = address == null || address.toString().isBlank() ? "127.0.0.1" : address.toString();
        return p == 0 ? Optional.empty() : Optional.of(URI.create("http://" + HostPort.join(host, p) + "/healthz"));
    }

    public RenderedFile instanceConfig() {
        Map<String, Object> scope = new HashMap<>();
        scope.put("containerRuntimeEndpoint", config.init().nodeRegistration().criSocketUrl());
        return kubeletConfiguration("kubelet/instance-config.yaml", NodeLayout.KUBELET_INSTANCE_CONFIG, scope,
                Patches.NONE);
    }

    /** kubeadm patches config.yaml (target kubeletconfiguration), not the instance config. */
    private RenderedFile kubeletConfiguration(String template, String path, Map<String, Object> scope, Patches patches) {
        TemplateRenderer.Output output = patches.apply(Patches.KUBELET_CONFIGURATION, renderer.render(template, scope));
        Map<String, Object> doc = RenderedYaml.parseMap(output);
        if (!"kubelet.config.k8s.io/v1beta1".equals(doc.get("apiVersion")) || !"KubeletConfiguration".equals(doc.get("kind"))) {
            throw new TemplateException("template " + output.template().origin()
                    + ": must render apiVersion kubelet.config.k8s.io/v1beta1, kind KubeletConfiguration");
        }
        return file(output, path);
    }

    /** The kubelet flags kubeadm puts in kubeadm-flags.env, sorted, user kubeletExtraArgs replacing defaults. */
    public List<String> flags(String osHostname) {
        NodeRegistration registration = config.init().nodeRegistration();
        Map<String, String> defaults = new TreeMap<>();
        if (!nodeLocalCriSocket()) {
            defaults.put("container-runtime-endpoint", registration.criSocketUrl());
        }
        if (!config.release().has(VersionTable.Rule.NO_POD_INFRA_CONTAINER_IMAGE)) {
            defaults.put("pod-infra-container-image", new Images(config.cluster()).pause());
        }
        if (!registration.name().equals(osHostname.toLowerCase(java.util.Locale.ROOT))) {
            defaults.put("hostname-override", registration.name());
        }
        List<Arg> extra = registration.kubeletExtraArgs();
        List<String> command = ComponentFlags.command("kubelet", defaults, extra, config.release());
        return command.subList(1, command.size());
    }

    public RenderedFile flagsEnv(String osHostname) {
        String quoted = GoQuote.quote(String.join(" ", flags(osHostname)));
        TemplateRenderer.Output output = renderer.render("kubelet/kubeadm-flags.env", Map.of("quotedArgs", quoted));
        if (!output.text().strip().matches("KUBELET_KUBEADM_ARGS=\"([^\"\\\\]|\\\\.)*\"")) {
            throw new TemplateException("template " + output.template().origin()
                    + ": must render one line KUBELET_KUBEADM_ARGS=\"...\" (got: " + output.text().strip() + ")");
        }
        return file(output, NodeLayout.KUBELET_FLAGS_ENV);
    }

    public RenderedFile dropIn() {
        TemplateRenderer.Output output = renderer.render("kubelet/10-kubeadm.conf", Map.of());
        List<String> lines = output.text().lines().map(String::strip).toList();
        if (!lines.contains("[Service]") || lines.stream().noneMatch(l -> l.startsWith("ExecStart=/"))
                || lines.stream().noneMatch(l -> l.contains(NodeLayout.KUBELET_FLAGS_ENV))) {
            throw new TemplateException("template " + output.template().origin()
                    + ": the drop-in needs a [Service] section, an ExecStart=/... line and must load "
                    + NodeLayout.KUBELET_FLAGS_ENV);
        }
        return file(output, NodeLayout.KUBELET_DROP_IN);
    }

    private static RenderedFile file(TemplateRenderer.Output output, String path) {
        return new RenderedFile(path, output.text().getBytes(StandardCharsets.UTF_8), 0644, output.template().origin());
    }
}
