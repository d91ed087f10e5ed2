package dev.bootstrap.join;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.discovery.BootstrapTokenClient;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.Outcome;
import dev.bootstrap.phases.Status;
import dev.bootstrap.pki.NodeLayout;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.JoinableStandInCluster;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.uploadcerts.CertificateKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A joining control plane's files from certificates downloaded from the API server STAND-IN: the
 * shared PKI equals the first control plane's, the node's own leaves are issued for its name and
 * address (checked by real openssl), the three kubeconfigs and the control-plane manifests are
 * there, super-admin.conf and etcd.yaml are not, and a second run changes nothing.
 */
class JoiningControlPlaneFilesTest {

    private static final String PKI = JoinableStandInCluster.PKI_DIR;

    @Test
    void sharedPkiThenOwnLeavesKubeconfigsAndManifestsIdempotently(@TempDir Path dir, @TempDir Path node) throws Exception {
        Path openssl = Requirements.requireTool("openssl");
        try (JoinableStandInCluster cluster = JoinableStandInCluster.start(dir, "127.0.0.1", "127.0.0.1")) {
            CertificateKey key = CertificateKey.generate();
            cluster.uploadCerts(key);
            Map<String, byte[]> shared = ControlPlaneCerts.download(new BootstrapTokenClient(cluster.server().url(),
                    cluster.caPem(), cluster.token().value()), new NodeLayout(PKI), key);

            LocalHost host = new LocalHost("cp2", node);
            KubeadmConfig config = KubeadmConfig.defaults().forNode("cp2", "10.211.0.12");
            JoiningControlPlaneFiles files = new JoiningControlPlaneFiles(host, config,
                    new TemplateRenderer(TemplateSource.builtIn()), Map.of());
            Outcome first = files.write(shared);
            assertEquals(Status.CHANGED, first.status(), first.toString());

            for (String path : shared.keySet()) {
                assertArrayEquals(cluster.pkiHost().readFile(path).orElseThrow(), Files.readAllBytes(host.resolve(path)),
                        path);
            }
            // kubeadm's key writer's mode for keys and sa.pub, its certificate writer's for certificates
            assertEquals("rw-------", mode(node.resolve("etc/kubernetes/pki/sa.key")));
            assertEquals("rw-------", mode(node.resolve("etc/kubernetes/pki/sa.pub")));
            assertEquals("rw-------", mode(node.resolve("etc/kubernetes/pki/etcd/ca.key")));
            assertEquals("rw-r--r--", mode(node.resolve("etc/kubernetes/pki/etcd/ca.crt")));
            assertEquals("rw-r--r--", mode(node.resolve("etc/kubernetes/pki/ca.crt")));
            Path pki = node.resolve(PKI.substring(1));
            Commands.runChecked(dir, openssl.toString(), "verify", "-CAfile", pki.resolve("ca.crt").toString(),
                    pki.resolve("apiserver.crt").toString());
            Commands.runChecked(dir, openssl.toString(), "verify", "-CAfile", pki.resolve("etcd/ca.crt").toString(),
                    pki.resolve("etcd/peer.crt").toString());
            String apiserver = Commands.runChecked(dir, openssl.toString(), "x509", "-noout", "-ext", "subjectAltName",
                    "-in", pki.resolve("apiserver.crt").toString());
            assertTrue(apiserver.contains("DNS:cp2") && apiserver.contains("IP Address:10.211.0.12"), apiserver);
            String peer = Commands.runChecked(dir, openssl.toString(), "x509", "-noout", "-ext", "subjectAltName",
                    "-in", pki.resolve("etcd/peer.crt").toString());
            assertTrue(peer.contains("DNS:cp2") && peer.contains("IP Address:10.211.0.12"), peer);
            assertFalse(java.util.Arrays.equals(original(cluster, "apiserver.crt"), Files.readAllBytes(pki.resolve("apiserver.crt"))));

            for (String conf : List.of("admin.conf", "controller-manager.conf", "scheduler.conf")) {
                assertTrue(Files.isRegularFile(node.resolve("etc/kubernetes/" + conf)), conf);
            }
            assertFalse(Files.exists(node.resolve("etc/kubernetes/super-admin.conf")));
            assertFalse(Files.exists(node.resolve("etc/kubernetes/kubelet.conf")));
            for (String m : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler")) {
                String manifest = Files.readString(node.resolve("etc/kubernetes/manifests/" + m + ".yaml"));
                assertTrue(!m.equals("kube-apiserver") || manifest.contains("--advertise-address=10.211.0.12"), manifest);
            }
            assertFalse(Files.exists(node.resolve("etc/kubernetes/manifests/etcd.yaml")));

            byte[] adminBefore = Files.readAllBytes(node.resolve("etc/kubernetes/admin.conf"));
            Outcome second = files.write(shared);
            assertEquals(Status.UNCHANGED, second.status(), second.toString());
            assertTrue(second.details().stream().allMatch(l -> l.startsWith("unchanged ")), second.toString());
            assertArrayEquals(adminBefore, Files.readAllBytes(node.resolve("etc/kubernetes/admin.conf")));
        }
    }

    private static byte[] original(JoinableStandInCluster cluster, String file) {
        return cluster.pkiHost().readFile(PKI + "/" + file).orElseThrow();
    }

    private static String mode(Path p) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
