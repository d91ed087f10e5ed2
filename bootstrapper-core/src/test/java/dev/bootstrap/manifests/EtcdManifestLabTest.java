package dev.bootstrap.manifests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.VersionTable;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the machine's etcd (Debian's 3.4) with the exact command line of a generated etcd.yaml (node
 * paths remapped into a temporary root via the pod's own hostPath volumes) and checks it becomes healthy
 * with certificates made by openssl.
 */
class EtcdManifestLabTest {

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

    /** The lab's own version and the default, their etcd 3.6 names given in 3.4's spelling (EtcdProcess). */
    @ParameterizedTest
    @ValueSource(strings = {"v1.33.2", VersionTable.DEFAULT_VERSION})
    void etcdStartsFromTheGeneratedCommandLine(String version, @TempDir Path root) throws Exception {
        String etcd = Requirements.requireTool("etcd").toString();
        String etcdctl = Requirements.requireTool("etcdctl").toString();
        String openssl = Requirements.requireTool("openssl").toString();
        Path pki = root.resolve("etc/kubernetes/pki/etcd");
        makeCerts(pki, openssl);

        StaticPods pods = new StaticPods(StaticPodsTest.RENDERER, config(version), new ControlPlaneFacts(p -> false,
                Map.of(), false));
        Pod pod = new KubernetesSerialization().unmarshal(pods.etcd().text(), Pod.class);
        List<String> command = new ArrayList<>(dev.bootstrap.testing.EtcdProcess.remapped(pod, root).stream()
                .map(a -> dev.bootstrap.testing.EtcdProcess.ETCD_34_SPELLINGS.getOrDefault(a, a)).toList());
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
            var port = c.getLivenessProbe().getHttpGet().getPort();
            assertEquals(2381, port.getIntVal() != null ? port.getIntVal() : c.getPorts().stream()
                    .filter(p -> p.getName().equals(port.getStrVal())).findFirst().orElseThrow().getContainerPort());
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

    /**
     * The generated flags Debian's etcd 3.4 refuses, found by asking it: etcd parses every flag before it looks at
     * --version, so each run names the first unknown flag or prints its version once all are known.
     */
    private static Set<String> rejectedBy34(String etcd, List<String> flags, Path root) throws Exception {
        List<String> left = new ArrayList<>(flags);
        Set<String> rejected = new TreeSet<>();
        for (int run = 0; run <= flags.size(); run++) {
            List<String> command = new ArrayList<>(List.of(etcd));
            command.addAll(left);
            command.add("--version");
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (p.exitValue() == 0) {
                assertTrue(out.contains("etcd Version: 3.4"), out);
                return rejected;
            }
            Matcher m = Pattern.compile("flag provided but not defined: -(\\S+)").matcher(out);
            assertTrue(m.find(), out);
            String flag = left.stream().filter(f -> f.startsWith("--" + m.group(1) + "=")).findFirst().orElseThrow();
            rejected.add(flag);
            left.remove(flag);
        }
        throw new AssertionError("etcd 3.4 kept refusing flags: " + rejected);
    }

    /**
     * Exactly the etcd 3.6 names kubeadm writes from 1.34 on (etcd 3.6 tags; always from 1.36; etcd 3.7 knows
     * nothing else) are the ones Debian's etcd 3.4 refuses, and they are the ones the lab's stand-ins map
     * ({@link dev.bootstrap.testing.EtcdProcess#ETCD_34_SPELLINGS}). A new flag 3.4 does not know fails here.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1.33.2", "v1.34.1", "v1.35.0", "v1.36.1", "v1.37.0", VersionTable.DEFAULT_VERSION})
    void etcd34RejectsExactlyTheEtcd36FlagNames(String version, @TempDir Path root) throws Exception {
        String etcd = Requirements.requireTool("etcd").toString();
        StaticPods pods = new StaticPods(StaticPodsTest.RENDERER, config(version), new ControlPlaneFacts(p -> false,
                Map.of(), false));
        Pod pod = new KubernetesSerialization().unmarshal(pods.etcd().text(), Pod.class);
        List<String> command = dev.bootstrap.testing.EtcdProcess.remapped(pod, root);
        Set<String> expected = StaticPodsTest.minor(version) >= 34
                ? new TreeSet<>(dev.bootstrap.testing.EtcdProcess.ETCD_34_SPELLINGS.keySet()) : Set.of();
        assertEquals(expected, rejectedBy34(etcd, command.subList(1, command.size()), root), version);
    }
}
