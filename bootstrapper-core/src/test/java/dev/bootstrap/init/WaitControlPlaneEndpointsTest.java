package dev.bootstrap.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootstrap.apiserver.ControlPlaneEndpoints;
import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What wait-control-plane polls per version (docs/kubeadm-compat.md#waiting-for-the-control-plane): with
 * WaitForAllControlPlaneComponents off (1.31, 1.32, or turned off on 1.33) only the API server's /healthz through
 * the control-plane endpoint; with it on (1.33 default, 1.34 locked, from 1.35 removed and always on) the API
 * server's /livez on the advertise address, the controller-manager's /healthz on 10257 and the scheduler's /livez
 * on 10259. (The gate turned on for 1.32 is left out: docs/kubeadm-compat.md#waiting-for-the-control-plane leaves
 * open whether that alpha polled /healthz everywhere.)
 */
class WaitControlPlaneEndpointsTest {

    private static final String API_ONLY = "kube-apiserver https://cp.example.test:6443/healthz";
    private static final String ALL = "kube-apiserver https://10.211.0.11:6444/livez;"
            + "kube-controller-manager https://127.0.0.1:10257/healthz;kube-scheduler https://127.0.0.1:10259/livez";

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            "v1.31.9 |                                          | " + API_ONLY,
            "v1.32.5 |                                          | " + API_ONLY,
            "v1.33.2 |                                          | " + ALL,
            "v1.33.2 | featureGates: {WaitForAllControlPlaneComponents: false} | " + API_ONLY,
            "v1.34.1 |                                          | " + ALL,
            "v1.35.0 |                                          | " + ALL,
            "v1.36.1 |                                          | " + ALL,
            "v1.37.1 |                                          | " + ALL})
    void endpointsPerVersion(String version, String extra, String expected) {
        String yaml = """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint: {advertiseAddress: 10.211.0.11, bindPort: 6444}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                controlPlaneEndpoint: cp.example.test:6443
                kubernetesVersion: %s
                %s
                """.formatted(version, extra == null ? "" : extra);
        var config = KubeadmConfigReader.readInit("kubeadm.yaml", yaml, InitFlags.NONE).forNode("cp1", "10.211.0.11");
        assertEquals(List.of(expected.split(";")), ControlPlaneEndpoints.of(config).stream()
                .map(e -> e.name() + " " + e.url()).toList());
    }

    @Test
    void anIpv6AdvertiseAddressIsBracketed() {
        String yaml = """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint: {advertiseAddress: "fd00::11"}
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.34.1
                """;
        var config = KubeadmConfigReader.readInit("kubeadm.yaml", yaml, InitFlags.NONE).forNode("cp1", "fd00::11");
        HealthWaiter.Endpoint api = ControlPlaneEndpoints.of(config).get(0);
        assertEquals("https://[fd00::11]:6443/livez", api.url().toString());
    }

    private static KubeadmConfig v134(String init, String cluster) {
        return KubeadmConfigReader.readInit("kubeadm.yaml", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint: {advertiseAddress: 10.211.0.11}
                %s
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.34.1
                %s
                """.formatted(init, cluster), InitFlags.NONE).forNode("cp1", "10.211.0.11");
    }

    /** As kubeadm reads --bind-address and --secure-port from the manifests, which hold the extraArgs. */
    @Test
    void componentExtraArgsMoveTheirEndpoints() {
        KubeadmConfig config = v134("", """
                controllerManager:
                  extraArgs:
                  - {name: bind-address, value: "fd00::11"}
                  - {name: secure-port, value: "11257"}
                scheduler:
                  extraArgs:
                  - {name: bind-address, value: 10.211.0.11}
                  - {name: secure-port, value: "11259"}
                """);
        assertEquals(List.of("kube-apiserver https://10.211.0.11:6443/livez",
                "kube-controller-manager https://[fd00::11]:11257/healthz", "kube-scheduler https://10.211.0.11:11259/livez"),
                ControlPlaneEndpoints.of(config).stream().map(e -> e.name() + " " + e.url()).toList());
    }

    @Test
    void aSecurePortThatIsNoPortNamesTheField() {
        KubeadmConfig config = v134("", """
                scheduler:
                  extraArgs:
                  - {name: secure-port, value: "102590"}
                """);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ControlPlaneEndpoints.of(config));
        assertEquals("ClusterConfiguration.scheduler.extraArgs: secure-port \"102590\" is not a port number (1-65535)",
                e.getMessage());
    }

    private static Optional<URI> kubeletHealthz(KubeadmConfig config) {
        return new KubeletFiles(new TemplateRenderer(TemplateSource.builtIn()), config).healthzUrl();
    }

    /** The kubelet's address and port come from its rendered config.yaml, patches included; port 0 = no wait. */
    @Test
    void theKubeletEndpointFollowsItsConfigYaml(@TempDir Path dir) throws Exception {
        assertEquals(Optional.of(URI.create("http://127.0.0.1:10248/healthz")), kubeletHealthz(v134("", "")));

        Path moved = Files.createDirectories(dir.resolve("moved"));
        Files.writeString(moved.resolve("kubeletconfiguration+merge.yaml"), "healthzBindAddress: \"::1\"\nhealthzPort: 10249\n");
        assertEquals(Optional.of(URI.create("http://[::1]:10249/healthz")),
                kubeletHealthz(v134("patches: {directory: " + moved + "}", "")));

        Path off = Files.createDirectories(dir.resolve("off"));
        Files.writeString(off.resolve("kubeletconfiguration+merge.yaml"), "healthzPort: 0\n");
        assertEquals(Optional.empty(), kubeletHealthz(v134("patches: {directory: " + off + "}", "")));
    }
}
