package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.apiserver.UploadConfig;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.KubeletFiles;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.pki.CertificateAuthority;
import dev.bootstrap.pki.KubeadmCertificates;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.KubeletBootstrap;
import dev.bootstrap.testing.OnStandInCluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code upgrade apply}, {@code upgrade diff} on this machine (--rootfs): a control plane's files at v1.35.4 in the
 * rootfs, the API STAND-IN (fabric8's CRUD mock behind our apiserver certificate) holding kubeadm-config and the
 * mirror Pods and Nodes its kubelets would post. The skew policy's refusals change nothing; a dry run writes nothing.
 */
class UpgradeOnStandInTest extends OnStandInCluster {

    private static final String FROM = "v1.35.4";

    @BeforeEach
    void controlPlaneAtV135() {
        KubeadmConfig config = KubeadmConfigReader.fromFlags(InitFlags.upgrade("127.0.0.1", 6443, "cp1", FROM, null));
        direct.configMaps().resource(UploadConfig.kubeadmConfig(config.clusterConfigurationYaml())).create();
        direct.configMaps().resource(UploadConfig.kubeletConfig(new KubeletFiles(new TemplateRenderer(
                TemplateSource.builtIn()), config).clusterConfig(false).text())).create();
        StaticPods pods = new StaticPods(new TemplateRenderer(TemplateSource.builtIn()), config,
                new ControlPlaneFacts(p -> false, Map.of(), false));
        for (RenderedFile f : pods.controlPlane()) {
            cluster.host.writeFile(f.path(), f.content(), f.mode());
        }
        CertificateAuthority ca = CertificateAuthority.load(cluster.host, NodeLayout.DEFAULT, KubeadmCertificates.CA);
        cluster.host.writeFile(KubeletBootstrap.CLIENT_PEM, KubeletBootstrap.clientPem(ca, "cp1"), 0600);
        cluster.host.writeFile(NodeLayout.KUBELET_CONF, KubeletBootstrap.kubeletConf(cluster.standIn.url(),
                cluster.caPem.getBytes(), "cp1"), 0600);
        apiServer("cp1", FROM);
        direct.nodes().resource(new NodeBuilder().withNewMetadata().withName("cp1")
                .addToLabels("node-role.kubernetes.io/control-plane", "").endMetadata().withNewStatus()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withNewNodeInfo().withKubeletVersion(FROM).endNodeInfo().endStatus().build()).create();
    }

    private void apiServer(String node, String version) {
        direct.pods().resource(new PodBuilder().withNewMetadata().withName("kube-apiserver-" + node)
                .withNamespace("kube-system").addToLabels("component", "kube-apiserver").addToLabels("tier", "control-plane")
                .endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("kube-apiserver")
                .withImage("registry.k8s.io/kube-apiserver:" + version).endContainer().endSpec().build()).create();
    }

    private CliBasicsTest.Run upgrade(String... args) {
        String[] all = Stream.concat(Stream.of("upgrade"), Stream.concat(Stream.of(args),
                Stream.of("--rootfs", rootfs.toString()))).toArray(String[]::new);
        return CliBasicsTest.run(all);
    }

    private String files() throws IOException {
        try (Stream<Path> all = Files.walk(rootfs)) {
            return String.join("\n", all.sorted().map(p -> {
                try {
                    return rootfs.relativize(p) + (Files.isRegularFile(p) ? " " + Files.size(p) + " "
                            + Files.getLastModifiedTime(p).toMillis() : "");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList());
        }
    }

    @Test
    void theSkewPolicyRefusesASkippedMinorADowngradeAndMixedApiServersAndChangesNothing() throws IOException {
        String before = files();
        CliBasicsTest.Run skipped = upgrade("apply", "v1.37.1");
        assertEquals(1, skipped.exit(), skipped.out() + skipped.err());
        assertTrue((skipped.out() + skipped.err()).contains("[ONE_MINOR] v1.37.1 is more than 1 minor above the cluster's v1.35.4"),
                skipped.out());

        CliBasicsTest.Run down = upgrade("apply", "v1.34.3", "--force");
        assertEquals(1, down.exit(), down.out() + down.err());
        assertTrue((down.out() + down.err()).contains("[NO_DOWNGRADE] v1.34.3 is older than the cluster's v1.35.4"), down.out());

        apiServer("cp2", "v1.36.0");
        CliBasicsTest.Run mixed = upgrade("apply", "v1.36.2");
        assertEquals(1, mixed.exit(), mixed.out() + mixed.err());
        assertTrue((mixed.out() + mixed.err()).contains("[SAME_API_SERVERS] the API servers run different versions"), mixed.out());
        assertEquals(before, files(), "a refused upgrade changes nothing");
        assertTrue(direct.configMaps().inNamespace("kube-system").withName("kubeadm-config").get().getData()
                .get("ClusterConfiguration").contains("kubernetesVersion: " + FROM));
    }

    @Test
    void diffAndADryRunShowTheNewManifestsAndWriteNothing() throws IOException {
        String before = files();
        CliBasicsTest.Run diff = upgrade("diff", "v1.36.2", "-c", "0");
        assertEquals(0, diff.exit(), diff.out() + diff.err());
        assertTrue(diff.out().contains("--- /etc/kubernetes/manifests/kube-apiserver.yaml\n"
                + "+++ /etc/kubernetes/manifests/kube-apiserver.yaml\n"), diff.out());
        for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
            assertTrue(diff.out().contains("-    image: registry.k8s.io/" + component + ":" + FROM + "\n"
                    + "+    image: registry.k8s.io/" + component + ":v1.36.2\n"), diff.out());
        }
        CliBasicsTest.Run same = upgrade("diff", FROM);
        assertTrue(same.out().contains("/etc/kubernetes/manifests/kube-scheduler.yaml: no change"), same.out());

        CliBasicsTest.Run dry = upgrade("apply", "v1.36.2", "--dry-run", "--etcd-upgrade=false");
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        assertTrue(dry.out().contains("[dryrun] Would back up /etc/kubernetes/manifests/kube-apiserver.yaml to "
                + "/etc/kubernetes/tmp/kubeadm-backup-manifests-"), dry.out());
        assertTrue(dry.out().contains("[dryrun] Would renew the certificates of kube-apiserver: apiserver, "
                + "apiserver-kubelet-client, front-proxy-client, apiserver-etcd-client"), dry.out());
        assertTrue(dry.out().contains("[dryrun] Would upload ConfigMaps kube-system/kubeadm-config (kubernetesVersion "
                + "v1.36.2)"), dry.out());
        assertEquals(before, files(), "a dry run writes nothing in the rootfs");
        assertTrue(direct.configMaps().inNamespace("kube-system").withName("kubeadm-config").get().getData()
                .get("ClusterConfiguration").contains("kubernetesVersion: " + FROM));
    }

    @Test
    void nodeOnThisMachineWritesTheKubeletConfigurationOnceAndLeavesEqualManifests() throws IOException {
        String manifests = files().lines().filter(l -> l.contains("manifests/")).reduce("", (a, b) -> a + b + "\n");
        CliBasicsTest.Run node = upgrade("node", "--etcd-upgrade=false");
        assertEquals(0, node.exit(), node.out() + node.err());
        assertTrue(node.out().contains("Current and new manifests of kube-apiserver are equal, skipping upgrade"),
                node.out());
        assertTrue(node.out().contains("Wrote the kubelet configuration to /var/lib/kubelet/config.yaml"), node.out());
        assertEquals(direct.configMaps().inNamespace("kube-system").withName("kubelet-config").get().getData()
                .get("kubelet"), Files.readString(rootfs.resolve("var/lib/kubelet/config.yaml")));
        assertEquals(manifests, files().lines().filter(l -> l.contains("manifests/")).reduce("", (a, b) -> a + b + "\n"),
                "equal manifests are not touched");

        CliBasicsTest.Run again = upgrade("node", "--etcd-upgrade=false", "-o", "json");
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("\"changed\":0"), again.out());
    }
}
