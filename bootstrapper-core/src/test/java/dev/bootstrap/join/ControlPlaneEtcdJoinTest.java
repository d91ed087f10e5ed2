package dev.bootstrap.join;

import dev.bootstrap.config.VersionTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.NodeRegistration;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.EtcdProcess;
import dev.bootstrap.testing.JoinableStandInCluster;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.uploadcerts.CertificateKey;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control-plane-prepare and etcd-join phases for "node2" (127.0.0.3, a rootfs) against
 * a first control plane "node1" (127.0.0.2): kubeadm-certs from the API server STAND-IN, node1's REAL
 * etcd started from our etcd.yaml, node2's REAL etcd started from the etcd.yaml the phase writes (as a
 * kubelet would): etcdctl with node2's healthcheck-client certificate lists two started voting members,
 * and a second run of both phases changes nothing.
 */
class ControlPlaneEtcdJoinTest {

    private static final String NODE1 = "127.0.0.2";
    private static final String NODE2 = "127.0.0.3";

    @Test
    void theSecondMemberJoinsThroughTheFirstAndIsPromoted(@TempDir Path dir, @TempDir Path node2) throws Exception {
        Requirements.requireTool("etcd");
        Path etcdctl = Requirements.requireTool("etcdctl");
        // 1.32: its etcd flags are the ones Debian's etcd 3.4 accepts.
        KubeadmConfig cluster = KubeadmConfigReader.readInit("cluster.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nkubernetesVersion: " + VersionTable.DEFAULT_VERSION + "\ncontrolPlaneEndpoint: " + NODE1 + ":6443\n",
                InitFlags.NONE);
        TemplateRenderer renderer = new TemplateRenderer(TemplateSource.builtIn());
        try (JoinableStandInCluster api = JoinableStandInCluster.start(dir, NODE1, NODE1)) {
            CertificateKey key = CertificateKey.generate();
            api.uploadCerts(key);

            Pod first = pod(new StaticPods(renderer, cluster.forNode("node1", NODE1),
                    new ControlPlaneFacts(p -> false, Map.of(), false)).etcd().text());
            try (EtcdProcess etcd1 = EtcdProcess.start(EtcdProcess.ownLoopback(first, NODE1), dir)) {
                Path pki1 = dir.resolve("etc/kubernetes/pki");
                assertTrue(etcd1.awaitHealthy("https://" + NODE1 + ":2379", pki1.resolve("etcd/ca.crt"),
                        pki1.resolve("etcd/healthcheck-client.crt"), pki1.resolve("etcd/healthcheck-client.key")), etcd1.log());

                ClusterFacts facts = new ClusterFacts(api.server().url(), api.caPem(), api.token().value(), cluster,
                        api.kubeletConfig());
                JoinSettings settings = new JoinSettings(new NodeRegistration("node2", NodeRegistration.DEFAULT_CRI_SOCKET,
                        List.of(), List.of(), List.of(), "IfNotPresent", true), NodeLayout.DEFAULT.caCert(),
                        Duration.ofSeconds(5), Duration.ofSeconds(1), IgnoredErrors.parse(List.of()), false);
                ControlPlaneSettings cp = new ControlPlaneSettings(NODE2, Map.of(), Duration.ofSeconds(90));
                ControlPlanePreparePhase prepare = new ControlPlanePreparePhase(renderer, cp);
                EtcdJoinPhase etcdJoin = new EtcdJoinPhase(prepare, cp);
                JoinContext context = new JoinContext("node2", t -> new LocalHost("node2", node2), facts, settings,
                        key, null, null);

                assertEquals(Status.CHANGED, prepare.run(context).status());
                Path manifest = node2.resolve("etc/kubernetes/manifests/etcd.yaml");
                // The kubelet's part: start etcd from the manifest once the phase has written it.
                CompletableFuture<EtcdProcess> kubelet = CompletableFuture.supplyAsync(() -> {
                    try {
                        for (int i = 0; i < 600 && !Files.exists(manifest); i++) {
                            Thread.sleep(100);
                        }
                        return EtcdProcess.start(EtcdProcess.ownLoopback(pod(Files.readString(manifest)), NODE2), node2);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                Outcome joined;
                try {
                    joined = etcdJoin.run(context);
                } catch (RuntimeException e) {
                    try (EtcdProcess started = kubelet.get(70, TimeUnit.SECONDS)) {
                        throw new AssertionError(e.getMessage() + "\nnode2's etcd:\n" + started.log(), e);
                    }
                }
                try (EtcdProcess etcd2 = kubelet.get()) {
                    assertEquals(Status.CHANGED, joined.status(), joined.toString());
                    String yaml = Files.readString(manifest);
                    assertTrue(yaml.contains("--initial-cluster-state=existing"), yaml);
                    assertTrue(yaml.contains("--initial-cluster=node1=https://" + NODE1 + ":2380,node2=https://" + NODE2
                            + ":2380") || yaml.contains("--initial-cluster=node2=https://" + NODE2 + ":2380,node1=https://"
                            + NODE1 + ":2380"), yaml);

                    Path pki2 = node2.resolve("etc/kubernetes/pki");
                    String listed = Commands.runChecked(dir, etcdctl.toString(), "--endpoints", "https://" + NODE2 + ":2379",
                            "--cacert", pki2.resolve("etcd/ca.crt").toString(),
                            "--cert", pki2.resolve("etcd/healthcheck-client.crt").toString(),
                            "--key", pki2.resolve("etcd/healthcheck-client.key").toString(), "member", "list");
                    assertEquals(2, listed.lines().filter(l -> l.contains(", started, ") && l.endsWith(", false")).count(),
                            listed + etcd2.log());
                    assertTrue(listed.contains(", node2, https://" + NODE2 + ":2380"), listed);

                    assertEquals(Status.UNCHANGED, prepare.run(context).status());
                    Outcome again = etcdJoin.run(context);
                    assertEquals(Status.UNCHANGED, again.status(), again.toString());
                }
            }
        }
    }

    private static Pod pod(String yaml) {
        return new KubernetesSerialization().unmarshal(yaml, Pod.class);
    }
}
