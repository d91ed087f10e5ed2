package dev.bootstrap.init;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.apiserver.HealthWaiter;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What wait-control-plane polls per version (facts section 5): with WaitForAllControlPlaneComponents
 * off (1.31, 1.32, or turned off on 1.33) only the API server's /healthz through the control-plane
 * endpoint; with it on (1.33 default, 1.34 always) the API server's /livez on the advertise address,
 * the controller-manager's /healthz on 10257 and the scheduler's /livez on 10259. (The gate turned on
 * for 1.32 is left out: the facts leave open whether that alpha polled /healthz everywhere.)
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
            "v1.34.1 |                                          | " + ALL})
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
        assertEquals(List.of(expected.split(";")), WaitControlPlanePhase.endpoints(config).stream()
                .map(e -> e.name() + " " + e.url()).toList());
    }

    @org.junit.jupiter.api.Test
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
        HealthWaiter.Endpoint api = WaitControlPlanePhase.endpoints(config).get(0);
        assertEquals("https://[fd00::11]:6443/livez", api.url().toString());
    }
}
