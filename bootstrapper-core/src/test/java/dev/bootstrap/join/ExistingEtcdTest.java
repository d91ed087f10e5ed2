package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.etcd.EtcdMemberClient;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.PkiConfig;
import dev.bootstrap.pki.PkiGenerator;
import dev.bootstrap.testing.ApiServerStandIn;
import dev.bootstrap.testing.MockApiServer;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which etcd client URLs a joining control plane tries, read from etcd Pods in the API STAND-IN
 * (fabric8 CRUD mock), and the error when none answers (real HTTPS clients against closed ports).
 */
class ExistingEtcdTest {

    private static void pod(KubernetesClient client, String name, Map<String, String> labels, Map<String, String> annotations) {
        client.pods().inNamespace("kube-system").resource(new PodBuilder().withNewMetadata().withName(name)
                .withLabels(labels).withAnnotations(annotations).endMetadata().build()).create();
    }

    @Test
    void theEtcdPodsAnnotationsComeFirstByPodNameThenTheControlPlaneEndpointHost() throws Exception {
        try (MockApiServer api = new MockApiServer(InetAddress.getLoopbackAddress()); KubernetesClient client = api.client()) {
            pod(client, "etcd-node2", ExistingEtcd.POD_LABELS, Map.of(ExistingEtcd.ANNOTATION, "https://10.0.0.2:2379"));
            pod(client, "etcd-node1", ExistingEtcd.POD_LABELS, Map.of(ExistingEtcd.ANNOTATION, "https://10.0.0.1:2379"));
            pod(client, "etcd-node3", ExistingEtcd.POD_LABELS, Map.of());
            pod(client, "kube-apiserver-node1", Map.of("component", "kube-apiserver", "tier", "control-plane"),
                    Map.of(ExistingEtcd.ANNOTATION, "https://10.9.9.9:2379"));

            ExistingEtcd.Candidates named = ExistingEtcd.candidates(client, "admin.conf", "https://cp.example:6443");
            assertEquals(List.of(new ExistingEtcd.Candidate("https://10.0.0.1:2379", "annotation of Pod kube-system/etcd-node1"),
                    new ExistingEtcd.Candidate("https://10.0.0.2:2379", "annotation of Pod kube-system/etcd-node2"),
                    new ExistingEtcd.Candidate("https://cp.example:2379", "controlPlaneEndpoint host")), named.list());
            assertEquals(Optional.empty(), named.podsProblem());

            ExistingEtcd.Candidates same = ExistingEtcd.candidates(client, "admin.conf", "https://10.0.0.1:6443");
            assertEquals(List.of("https://10.0.0.1:2379", "https://10.0.0.2:2379"),
                    same.list().stream().map(ExistingEtcd.Candidate::url).toList(), "the endpoint host is not tried twice");
        }
    }

    @Test
    void withoutUsableEtcdPodsTheControlPlaneEndpointHostIsTriedAndWhyIsKept() throws Exception {
        try (MockApiServer api = new MockApiServer(InetAddress.getLoopbackAddress()); KubernetesClient client = api.client()) {
            ExistingEtcd.Candidates none = ExistingEtcd.candidates(client, "admin.conf", "https://[fd00::1]:6443");
            assertEquals(List.of(new ExistingEtcd.Candidate("https://[fd00::1]:2379", "controlPlaneEndpoint host")), none.list());
            assertEquals(Optional.of("no etcd Pods (component=etcd) in kube-system"), none.podsProblem());
        }
        Config unreachable = new ConfigBuilder().withMasterUrl("http://127.0.0.1:" + ApiServerStandIn.freePort())
                .withRequestRetryBackoffLimit(0).build();
        try (KubernetesClient down = new KubernetesClientBuilder().withConfig(unreachable).build()) {
            ExistingEtcd.Candidates failed = ExistingEtcd.candidates(down, "[node2] /etc/kubernetes/admin.conf",
                    "https://10.0.0.1:6443");
            assertEquals(List.of("https://10.0.0.1:2379"), failed.list().stream().map(ExistingEtcd.Candidate::url).toList());
            assertTrue(failed.podsProblem().orElseThrow().startsWith("listing the etcd Pods in kube-system with "
                    + "[node2] /etc/kubernetes/admin.conf failed: "), failed.podsProblem().get());
        }
    }

    @Test
    void whenNoCandidateAnswersTheErrorNamesEachOneItsSourceAndTheFailure(@TempDir Path dir) throws Exception {
        PkiConfig config = PkiConfig.defaults("node-1", "127.0.0.1");
        new PkiGenerator(new LocalHost("test", dir)).generate(config, KubeadmCertificates.forConfig(config));
        Path pki = dir.resolve("etc/kubernetes/pki");
        byte[] ca = Files.readAllBytes(pki.resolve("etcd/ca.crt"));
        byte[] cert = Files.readAllBytes(pki.resolve("apiserver-etcd-client.crt"));
        byte[] key = Files.readAllBytes(pki.resolve("apiserver-etcd-client.key"));
        String first = "https://127.0.0.1:" + ApiServerStandIn.freePort();
        String second = "https://127.0.0.1:" + ApiServerStandIn.freePort();
        ExistingEtcd.Candidates candidates = new ExistingEtcd.Candidates(List.of(
                new ExistingEtcd.Candidate(first, "annotation of Pod kube-system/etcd-node1"),
                new ExistingEtcd.Candidate(second, "controlPlaneEndpoint host")),
                Optional.of("no etcd Pods (component=etcd) in kube-system"));

        JoinException e = assertThrows(JoinException.class, () -> ExistingEtcd.connect(candidates,
                url -> new EtcdMemberClient(url, ca, cert, key)));
        assertTrue(e.getMessage().startsWith("no existing etcd member answered its member list"), e.getMessage());
        assertTrue(e.getMessage().contains("Tried " + first + " (annotation of Pod kube-system/etcd-node1): cannot reach etcd at "
                + first), e.getMessage());
        assertTrue(e.getMessage().contains("; " + second + " (controlPlaneEndpoint host): cannot reach etcd at " + second),
                e.getMessage());
        assertTrue(e.getMessage().contains("The etcd Pods gave no client URL: no etcd Pods (component=etcd) in kube-system"),
                e.getMessage());
    }
}
