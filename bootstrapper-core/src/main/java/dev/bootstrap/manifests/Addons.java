package dev.bootstrap.manifests;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.templates.RenderedYaml;
import dev.bootstrap.templates.TemplateRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CoreDNS and kube-proxy addon objects (docs/kubeadm-compat.md#addons), rendered from templates and parsed into
 * fabric8 objects for the addon phase to apply.
 */
public final class Addons {

    private final TemplateRenderer renderer;
    private final KubeadmConfig config;
    private final Map<String, String> proxyEnv;

    public Addons(TemplateRenderer renderer, KubeadmConfig config, Map<String, String> proxyEnv) {
        this.renderer = renderer;
        this.config = config;
        this.proxyEnv = proxyEnv;
    }

    public List<HasMetadata> coreDns() {
        boolean named = config.release().has(VersionTable.Rule.PROBE_PORT_NAMES);
        Map<String, Object> scope = new HashMap<>();
        scope.put("dnsDomain", config.cluster().networking().dnsDomain());
        scope.put("cacheDisable", config.release().has(VersionTable.Rule.COREFILE_CACHE_DISABLE));
        scope.put("image", new Images(config.cluster()).coreDns());
        scope.put("namedProbePorts", named);
        scope.put("livenessPort", named ? "liveness-probe" : "8080");
        scope.put("readinessPort", named ? "readiness-probe" : "8181");
        scope.put("dnsServiceIp", config.cluster().networking().dnsServiceIp());
        return objects("addons/coredns.yaml", scope);
    }

    public List<HasMetadata> kubeProxy() {
        Map<String, Object> scope = new HashMap<>();
        scope.put("bindAddress", IpAddresses.isIpv6(config.advertiseAddress()) ? "::" : "0.0.0.0");
        String podSubnet = config.cluster().networking().podSubnet();
        scope.put("clusterCIDR", podSubnet.isEmpty() ? null : podSubnet);
        scope.put("mode", config.release().has(VersionTable.Rule.KUBE_PROXY_MODE_IPTABLES) ? "iptables" : null);
        scope.put("server", config.controlPlaneUrl());
        scope.put("image", new Images(config.cluster()).kubernetes("kube-proxy"));
        List<Map<String, Object>> env = new ArrayList<>();
        proxyEnv.forEach((k, v) -> env.add(Map.of("name", k, "value", v)));
        scope.put("proxyEnv", env);
        return objects("addons/kube-proxy.yaml", scope);
    }

    private List<HasMetadata> objects(String template, Map<String, Object> scope) {
        return RenderedYaml.objects(renderer.render(template, scope));
    }
}
