package dev.bootstrap.cni;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.net.Cidr;
import dev.bootstrap.net.IpAddresses;
import dev.bootstrap.runtime.Registries;
import dev.bootstrap.templates.RenderedYaml;
import dev.bootstrap.templates.TemplateRenderer;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pod network of {@code spec.addons.cni} (docs/kubeadm-compat.md#cni), which kubeadm leaves to the user: flannel's
 * or Calico's objects rendered from {@code templates/addons/<type>.yaml} with the IPv4 range of the cluster's pod subnet,
 * each image named on the first mirror of its registry in {@code spec.registries}. The cluster file's reader has made
 * sure a CNI comes with such a range.
 */
public final class CniManifests {

    static final String FLANNEL_IMAGE = "ghcr.io/flannel-io/flannel:v0.28.9";
    static final String FLANNEL_CNI_PLUGIN_IMAGE = "ghcr.io/flannel-io/flannel-cni-plugin:v1.9.1-flannel3";
    /** One Calico release for its three images (docs.tigera.io, reference/component-versions). */
    static final String CALICO_VERSION = "v3.31.3";

    /**
     * The CustomResourceDefinitions calico-node, the CNI plugin and calico-kube-controllers read and write, as upstream's
     * calico.yaml (kdd-crds.yaml) names them.
     */
    private static final List<Crd> CALICO_CRDS = List.of(
            Crd.calico("BGPConfiguration", "bgpconfigurations", false),
            Crd.calico("BGPFilter", "bgpfilters", false),
            Crd.calico("BGPPeer", "bgppeers", false),
            Crd.calico("BlockAffinity", "blockaffinities", false),
            Crd.calico("CalicoNodeStatus", "caliconodestatuses", false),
            Crd.calico("ClusterInformation", "clusterinformations", false),
            Crd.calico("FelixConfiguration", "felixconfigurations", false),
            Crd.calico("GlobalNetworkPolicy", "globalnetworkpolicies", false),
            Crd.calico("GlobalNetworkSet", "globalnetworksets", false),
            Crd.calico("HostEndpoint", "hostendpoints", false),
            Crd.calico("IPAMBlock", "ipamblocks", false),
            Crd.calico("IPAMConfig", "ipamconfigs", false),
            Crd.calico("IPAMHandle", "ipamhandles", false),
            Crd.calico("IPPool", "ippools", false),
            Crd.calico("IPReservation", "ipreservations", false),
            Crd.calico("KubeControllersConfiguration", "kubecontrollersconfigurations", false).withStatus(),
            Crd.calico("NetworkPolicy", "networkpolicies", true),
            Crd.calico("NetworkSet", "networksets", true),
            Crd.calico("StagedGlobalNetworkPolicy", "stagedglobalnetworkpolicies", false),
            Crd.calico("StagedKubernetesNetworkPolicy", "stagedkubernetesnetworkpolicies", true),
            Crd.calico("StagedNetworkPolicy", "stagednetworkpolicies", true),
            Crd.calico("Tier", "tiers", false),
            // the network-policy-api group's resources, which calico-node watches
            new Crd("policy.networking.k8s.io", "v1alpha1", "AdminNetworkPolicy", "adminnetworkpolicies", false, true),
            new Crd("policy.networking.k8s.io", "v1alpha1", "BaselineAdminNetworkPolicy", "baselineadminnetworkpolicies",
                    false, true));

    private final ClusterFile.Cni type;
    private final String podSubnet;
    private final String firstControlPlane;
    private final Registries registries;
    private final TemplateRenderer renderer;

    /**
     * @param podSubnet         networking.podSubnet (with an IPv4 range unless {@code type} is NONE)
     * @param firstControlPlane the first control plane's address in the file: Calico finds each node's own address as
     *                          the one that reaches it
     */
    public CniManifests(ClusterFile.Cni type, String podSubnet, String firstControlPlane, Registries registries,
                        TemplateRenderer renderer) {
        this.type = type;
        this.podSubnet = podSubnet;
        this.firstControlPlane = firstControlPlane;
        this.registries = registries;
        this.renderer = renderer;
    }

    public static CniManifests of(ClusterFile file, TemplateRenderer renderer) {
        return new CniManifests(file.addons().cni(), file.kubeadm().networking().podSubnet(),
                file.firstControlPlane().address(), file.registries(), renderer);
    }

    public ClusterFile.Cni type() {
        return type;
    }

    /** Every object to apply, in order (namespaces and definitions before what lives in them); none for NONE. */
    public List<HasMetadata> objects() {
        return switch (type) {
            case NONE -> List.of();
            case FLANNEL -> render(Map.of("network", ipv4Range(), "image", registries.rewrite(FLANNEL_IMAGE),
                    "cniPluginImage", registries.rewrite(FLANNEL_CNI_PLUGIN_IMAGE)));
            case CALICO -> render(Map.of("crds", CALICO_CRDS.stream().map(Crd::scope).toList(),
                    "ipv4Pool", ipv4Range(), "autodetection", autodetection(),
                    "nodeImage", calico("node"), "cniImage", calico("cni"),
                    "kubeControllersImage", calico("kube-controllers")));
        };
    }

    private List<HasMetadata> render(Map<String, Object> scope) {
        return RenderedYaml.objects(renderer.render("addons/" + type.yamlName() + ".yaml", new HashMap<>(scope)));
    }

    private String ipv4Range() {
        return Cidr.ipv4Of(podSubnet).orElseThrow(() -> new IllegalStateException(type.yamlName()
                + " needs an IPv4 range in spec.networking.podSubnet, which is \"" + podSubnet + "\""));
    }

    /**
     * can-reach with an IPv4 address (Calico's IP is an IPv4 address here): each node's address on the route to the
     * first control plane. A host name could resolve otherwise on the nodes (or not at all), so then, as for an IPv6
     * address, the first interface found.
     */
    private String autodetection() {
        return IpAddresses.isIp(firstControlPlane) && !IpAddresses.isIpv6(firstControlPlane)
                ? "can-reach=" + firstControlPlane : "first-found";
    }

    private String calico(String component) {
        return registries.rewrite("quay.io/calico/" + component + ":" + CALICO_VERSION);
    }

    /** A CustomResourceDefinition with a minimal schema (see templates/addons/calico.yaml). */
    private record Crd(String group, String version, String kind, String plural, boolean namespaced, boolean status) {

        static Crd calico(String kind, String plural, boolean namespaced) {
            return new Crd("crd.projectcalico.org", "v1", kind, plural, namespaced, false);
        }

        Crd withStatus() {
            return new Crd(group, version, kind, plural, namespaced, true);
        }

        Map<String, Object> scope() {
            return Map.of("name", plural + "." + group, "group", group, "version", version, "kind", kind,
                    "listKind", kind + "List", "plural", plural, "singular", kind.toLowerCase(Locale.ROOT),
                    "scope", namespaced ? "Namespaced" : "Cluster", "status", status);
        }
    }
}
