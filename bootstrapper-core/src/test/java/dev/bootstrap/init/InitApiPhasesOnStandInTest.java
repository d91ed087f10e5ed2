package dev.bootstrap.init;

import dev.bootstrap.phases.SkipPhases;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.KeyPool;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.service.CommandServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.OnStandInCluster;
import dev.bootstrap.uploadcerts.CertificateKey;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * init's API phases (upload-config through addon) run by {@link InitWorkflow} with our admin.conf,
 * over TLS to the STAND-IN for kube-apiserver (fabric8's CRUD mock behind our apiserver
 * certificate; it stores objects without RBAC, so admin.conf is allowed from the start).
 */
class InitApiPhasesOnStandInTest extends OnStandInCluster {

    static final Set<String> API_PHASES = Set.of("upload-config", "upload-certs", "mark-control-plane",
            "bootstrap-token", "kubelet-finalize", "addon");
    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final String BOOTSTRAPPERS = "Group " + RBAC + "/system:bootstrappers:kubeadm:default-node-token";
    private static final String NODES = "Group " + RBAC + "/system:nodes";

    @BeforeEach
    void kubeletConfigAndNode() throws Exception {
        cluster.host.writeFile(NodeLayout.KUBELET_CONFIG,
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\n".getBytes(),
                0644);
        // the kubelet would register the Node; mark-control-plane waits for it
        direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("node1").endMetadata().build()).create();
    }

    private InitWorkflow.Result init(CertificateKey key) {
        return init(key, "v1.34.1");
    }

    private InitWorkflow.Result init(CertificateKey key, String version) {
        KubeadmConfig config = KubeadmConfigReader.readInit("kubeadm.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration: {name: node1}
                localAPIEndpoint: {advertiseAddress: 127.0.0.1}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: %s
                """.formatted(version), InitFlags.NONE);
        InitOptions options = new InitOptions(false, null, true, key, IgnoredErrors.of("all"),
                new CommandServiceManager("true", "true", "true"), new TemplateRenderer(TemplateSource.builtIn()),
                SkipPhases.NONE, Map.of(), KeyPool.NONE);
        InitWorkflow.Result result = new InitWorkflow().run(cluster.host, config, options, API_PHASES, e -> { });
        assertTrue(result.report().ok(), result.report().failures().toString());
        return result;
    }

    private List<PhaseResult> phases(InitWorkflow.Result r) {
        return r.report().byHost().get(cluster.host.name());
    }

    @Test
    void theClusterAdminsBindingIsReportedByTheFirstApiPhaseOnlyAndUnchangedOnASecondRun() {
        CertificateKey key = CertificateKey.generate();
        InitWorkflow.Result first = init(key);
        PhaseResult uploadConfig = phases(first).get(0);
        assertEquals("upload-config", uploadConfig.phase());
        assertEquals("created ClusterRoleBinding kubeadm:cluster-admins", uploadConfig.details().get(0));
        List<String> mentions = phases(first).stream().flatMap(p -> p.details().stream())
                .filter(d -> d.contains("kubeadm:cluster-admins")).toList();
        assertEquals(1, mentions.size(), mentions.toString());
        assertNotNull(direct.rbac().clusterRoleBindings().withName("kubeadm:cluster-admins").get());

        InitWorkflow.Result second = init(key);
        PhaseResult again = phases(second).get(0);
        assertEquals("unchanged ClusterRoleBinding kubeadm:cluster-admins", again.details().get(0));
        assertEquals(Status.UNCHANGED, again.status());
        assertEquals(0, second.report().changed(), "same key, second run: " + phases(second));
    }

    /**
     * One row per RBAC object of docs/kubeadm-compat.md#rbac-and-configmaps and #addons, as the stand-in stores it
     * after init of each release around kubeadm:apiserver-kubelet-client (docs/kubeadm-compat.md), and kube-proxy's
     * mode per release.
     */
    @ParameterizedTest
    @CsvSource({"v1.34.1, false", "v1.35.4, false", "v1.35.5, true", "v1.36.0, false", "v1.36.1, true", "v1.37.1, true"})
    void everyRbacObjectMatchesKubeadms(String version, boolean kubeletApiAdmin) {
        init(CertificateKey.generate(), version);
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        // #rbac-and-configmaps: ClusterRoleBindings and ClusterRoles
        expected.put("ClusterRoleBinding kubeadm:cluster-admins",
                "ClusterRole cluster-admin <- Group " + RBAC + "/kubeadm:cluster-admins");
        expected.put("ClusterRoleBinding kubeadm:kubelet-bootstrap", "ClusterRole system:node-bootstrapper <- " + BOOTSTRAPPERS);
        expected.put("ClusterRoleBinding kubeadm:node-autoapprove-bootstrap",
                "ClusterRole system:certificates.k8s.io:certificatesigningrequests:nodeclient <- " + BOOTSTRAPPERS);
        expected.put("ClusterRoleBinding kubeadm:node-autoapprove-certificate-rotation",
                "ClusterRole system:certificates.k8s.io:certificatesigningrequests:selfnodeclient <- " + NODES);
        expected.put("ClusterRole kubeadm:get-nodes", "[] nodes [] get");
        expected.put("ClusterRoleBinding kubeadm:get-nodes", "ClusterRole kubeadm:get-nodes <- " + BOOTSTRAPPERS);
        expected.put("ClusterRoleBinding kubeadm:node-proxier",
                "ClusterRole system:node-proxier <- ServiceAccount kube-system/kube-proxy");
        // #addons: CoreDNS
        expected.put("ClusterRole system:coredns",
                "[] endpoints,namespaces,pods,services [] list,watch | [discovery.k8s.io] endpointslices [] list,watch");
        expected.put("ClusterRoleBinding system:coredns",
                "ClusterRole system:coredns <- ServiceAccount kube-system/coredns");
        // #rbac-and-configmaps: Roles and RoleBindings (and #addons: kube-proxy's)
        expected.put("Role kube-system/kubeadm:nodes-kubeadm-config", "[] configmaps [kubeadm-config] get");
        expected.put("RoleBinding kube-system/kubeadm:nodes-kubeadm-config",
                "Role kubeadm:nodes-kubeadm-config <- " + BOOTSTRAPPERS + ", " + NODES);
        expected.put("Role kube-system/kubeadm:kubelet-config", "[] configmaps [kubelet-config] get");
        expected.put("RoleBinding kube-system/kubeadm:kubelet-config",
                "Role kubeadm:kubelet-config <- " + BOOTSTRAPPERS + ", " + NODES);
        expected.put("Role kube-system/kube-proxy", "[] configmaps [kube-proxy] get");
        expected.put("RoleBinding kube-system/kube-proxy", "Role kube-proxy <- " + BOOTSTRAPPERS);
        expected.put("Role kube-system/kubeadm:kubeadm-certs", "[] secrets [kubeadm-certs] get");
        expected.put("RoleBinding kube-system/kubeadm:kubeadm-certs", "Role kubeadm:kubeadm-certs <- " + BOOTSTRAPPERS);
        expected.put("Role kube-public/kubeadm:bootstrap-signer-clusterinfo", "[] configmaps [cluster-info] get");
        expected.put("RoleBinding kube-public/kubeadm:bootstrap-signer-clusterinfo",
                "Role kubeadm:bootstrap-signer-clusterinfo <- User " + RBAC + "/system:anonymous");

        // kubeadm's AllowAPIServerToAccessKubeletAPI, where apiserver-kubelet-client.crt lost its Organization
        expected.put("ClusterRoleBinding kubeadm:apiserver-kubelet-client", kubeletApiAdmin
                ? "ClusterRole system:kubelet-api-admin <- User " + RBAC + "/kube-apiserver-kubelet-client" : "missing");

        List<Executable> checks = new ArrayList<>();
        expected.forEach((object, want) -> checks.add(() -> assertEquals(want, actual(object), object)));
        String proxyConfig = direct.configMaps().inNamespace("kube-system").withName("kube-proxy").get().getData()
                .get("config.conf");
        checks.add(() -> assertEquals(version.startsWith("v1.37"), proxyConfig.contains("\nmode: iptables\n"), proxyConfig));
        assertAll(checks);
    }

    /** The stored object as "roleRef <- subjects" (bindings) or its rules (roles), lists sorted. */
    private String actual(String object) {
        String[] kindAndName = object.split(" ", 2);
        String[] nsAndName = kindAndName[1].contains("/") ? kindAndName[1].split("/", 2) : new String[] {null, kindAndName[1]};
        var rbac = direct.rbac();
        return switch (kindAndName[0]) {
            case "ClusterRoleBinding" -> {
                var b = rbac.clusterRoleBindings().withName(nsAndName[1]).get();
                yield b == null ? "missing" : binding(b.getRoleRef(), b.getSubjects());
            }
            case "RoleBinding" -> {
                var b = rbac.roleBindings().inNamespace(nsAndName[0]).withName(nsAndName[1]).get();
                yield b == null ? "missing" : binding(b.getRoleRef(), b.getSubjects());
            }
            case "ClusterRole" -> {
                var r = rbac.clusterRoles().withName(nsAndName[1]).get();
                yield r == null ? "missing" : rules(r.getRules());
            }
            case "Role" -> {
                var r = rbac.roles().inNamespace(nsAndName[0]).withName(nsAndName[1]).get();
                yield r == null ? "missing" : rules(r.getRules());
            }
            default -> throw new IllegalArgumentException(object);
        };
    }

    private static String binding(RoleRef ref, List<Subject> subjects) {
        String refText = (RBAC.equals(ref.getApiGroup()) ? "" : "apiGroup " + ref.getApiGroup() + " ") + ref.getKind()
                + " " + ref.getName();
        return refText + " <- " + subjects.stream().map(s -> s.getKind() + " " + ("ServiceAccount".equals(s.getKind())
                ? s.getNamespace() + (s.getApiGroup() == null || s.getApiGroup().isEmpty() ? "" : " apiGroup " + s.getApiGroup())
                : s.getApiGroup()) + "/" + s.getName()).collect(Collectors.joining(", "));
    }

    private static String rules(List<PolicyRule> rules) {
        return rules.stream().map(r -> sorted(r.getApiGroups()).stream().collect(Collectors.joining(",", "[", "]"))
                + " " + String.join(",", sorted(r.getResources()))
                + " " + sorted(r.getResourceNames()).stream().collect(Collectors.joining(",", "[", "]"))
                + " " + String.join(",", sorted(r.getVerbs()))).collect(Collectors.joining(" | "));
    }

    private static List<String> sorted(List<String> values) {
        return values == null ? List.of() : List.copyOf(new TreeSet<>(values));
    }
}
