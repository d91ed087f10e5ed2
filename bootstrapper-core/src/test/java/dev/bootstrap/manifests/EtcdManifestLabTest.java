package dev.bootstrap.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the machine's etcd (Debian's 3.4) with the exact command line of a generated etcd.yaml (node
 * paths remapped into a temporary root via the pod's own hostPath volumes) and checks it becomes healthy
 * with certificates made by openssl.
 */
class EtcdManifestLabTest {

    /** The etcd 3.6 spellings kubeadm 1.34 uses; etcd 3.4 stops with "flag provided but not defined". */
    private static final List<String> ETCD_36_ONLY = List.of("--feature-gates=InitialCorruptCheck=true",
            "--watch-progress-notify-interval=5s");

    private final String ip = "127." + ThreadLocalRandom.current().nextInt(1, 250) + "."
            + ThreadLocalRandom.current().nextInt(1, 250) + "." + ThreadLocalRandom.current().nextInt(2, 250);

    private KubeadmConfig config(String version) {
        // Listen only on this test's own loopback address so parallel tests and other etcds do not collide.
        String yaml = """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: %s
                etcd:
                  local:
                    extraArgs:
                    - name: listen-client-urls
                      value: https://%s:2379
                    - name: listen-metrics-urls
                      value: http://%s:2381
                """.formatted(version, ip, ip);
        return KubeadmConfigReader.readInit("cluster.yaml", yaml, InitFlags.NONE).forNode("cp1", ip);
    }

    private void makeCerts(Path pki, String openssl) throws Exception {
        Files.createDirectories(pki);
        Commands.runChecked(pki, openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
                "-days", "1", "-subj", "/CN=etcd-ca");
        Files.writeString(pki.resolve("ext"), "subjectAltName=IP:" + ip + ",IP:127.0.0.1,DNS:localhost\n"
                + "extendedKeyUsage=serverAuth,clientAuth\n");
        for (String name : List.of("server", "peer", "healthcheck-client")) {
            Commands.runChecked(pki, openssl, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + name);
            Commands.runChecked(pki, openssl, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", name + ".crt", "-days", "1", "-extfile", "ext");
        }
    }

    @Test
    void etcdStartsFromTheGeneratedCommandLine(@TempDir Path root) throws Exception {
        String etcd = Requirements.requireTool("etcd").toString();
        String etcdctl = Requirements.requireTool("etcdctl").toString();
        String openssl = Requirements.requireTool("openssl").toString();
        Path pki = root.resolve("etc/kubernetes/pki/etcd");
        makeCerts(pki, openssl);

        StaticPods pods = new StaticPods(StaticPodsTest.RENDERER, config("v1.33.2"), new ControlPlaneFacts(p -> false,
                Map.of(), false));
        Pod pod = new KubernetesSerialization().unmarshal(pods.etcd().text(), Pod.class);
        List<String> command = dev.bootstrap.testing.EtcdProcess.remapped(pod, root);
        assertEquals("etcd", command.get(0));
        command.set(0, etcd);
        command.addAll(List.of("--logger=zap", "--log-outputs=stderr")); // silences 3.4's deprecation warning
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve("etcd.log").toFile()).start();
        try {
            int exit = -1;
            for (int i = 0; i < 100 && exit != 0 && server.isAlive(); i++) {
                ProcessBuilder check = new ProcessBuilder(etcdctl, "--endpoints", "https://" + ip + ":2379",
                        "--cacert", pki.resolve("ca.crt").toString(), "--cert", pki.resolve("healthcheck-client.crt").toString(),
                        "--key", pki.resolve("healthcheck-client.key").toString(), "endpoint", "health")
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
                check.environment().put("ETCDCTL_API", "3");
                Process health = check.start();
                health.waitFor(30, TimeUnit.SECONDS);
                exit = health.exitValue();
                if (exit != 0) {
                    Thread.sleep(200);
                }
            }
            assertEquals(0, exit, "etcd did not become healthy:\n" + Files.readString(root.resolve("etcd.log")));
            // the probes point at the metrics listener etcd really serves
            Container c = pod.getSpec().getContainers().get(0);
            assertEquals(ip, c.getLivenessProbe().getHttpGet().getHost());
            assertEquals(2381, c.getLivenessProbe().getHttpGet().getPort().getIntVal());
            java.net.http.HttpResponse<String> metrics = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://" + ip + ":2381/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(Files.isDirectory(root.resolve("var/lib/etcd/member")), "data lands in the remapped dataDir");
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void etcd34RejectsExactlyTheEtcd36FlagsOfKubernetes134(@TempDir Path root) throws Exception {
        String etcd = Requirements.requireTool("etcd").toString();
        StaticPods pods = new StaticPods(StaticPodsTest.RENDERER, config("v1.34.1"), new ControlPlaneFacts(p -> false,
                Map.of(), false));
        Pod pod = new KubernetesSerialization().unmarshal(pods.etcd().text(), Pod.class);
        List<String> command = dev.bootstrap.testing.EtcdProcess.remapped(pod, root);
        assertTrue(command.containsAll(ETCD_36_ONLY), command.toString());
        for (String flag : ETCD_36_ONLY) {
            Process p = new ProcessBuilder(etcd, flag, "--data-dir=" + root.resolve("d")).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertNotEquals(0, p.exitValue(), flag + " was accepted by etcd 3.4");
            String name = flag.substring(2, flag.indexOf('='));
            assertTrue(out.contains("flag provided but not defined: -" + name), out);
        }
    }
}
