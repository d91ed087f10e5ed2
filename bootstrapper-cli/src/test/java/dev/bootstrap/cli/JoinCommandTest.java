package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.bootstrap.config.VersionTable;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.JoinableStandInCluster;
import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bootstrap join of this machine under --rootfs against the API server STAND-IN (seeded by our own
 * code). The test plays the kubelet: once bootstrap-kubelet.conf is there (and checked, also by a
 * real kubectl reading through it), it leaves what a TLS bootstrap leaves.
 */
class JoinCommandTest {

    private static final String NODE = "localnode";

    @TempDir
    static Path clusterDir;
    private static JoinableStandInCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = JoinableStandInCluster.start(clusterDir, "127.0.0.1", "127.0.0.1");
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    private static List<String> joinArgs(Path rootfs, Path marker, String... extra) {
        return joinArgs(cluster, rootfs, marker, extra);
    }

    private static List<String> joinArgs(JoinableStandInCluster cluster, Path rootfs, Path marker, String... extra) {
        List<String> args = new ArrayList<>(List.of("join", cluster.endpoint(), "--token", cluster.token().value(),
                "--discovery-token-ca-cert-hash", cluster.pin(), "--rootfs", rootfs.toString(),
                "--node-name", NODE, "--ignore-preflight-errors", "all",
                "--service-manager", "commands",
                "--service-start", "touch " + marker, "--service-stop", "rm -f " + marker,
                "--service-status", "test -e " + marker));
        args.addAll(List.of(extra));
        return args;
    }

    @Test
    void joinsWritesKubeadmsFilesWaitsForTheBootstrapAndASecondRunChangesNothing(@TempDir Path rootfs,
                                                                                 @TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("kubelet-running");
        CompletableFuture<CliBasicsTest.Run> join = CompletableFuture.supplyAsync(
                () -> CliBasicsTest.run(joinArgs(rootfs, marker).toArray(String[]::new)));
        Path bootstrap = rootfs.resolve("etc/kubernetes/bootstrap-kubelet.conf");
        long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.exists(bootstrap) || !Files.exists(marker)) {
            if (join.isDone()) {
                fail("join ended before the kubelet was started: " + join.get());
            }
            assertTrue(System.nanoTime() < until, "no bootstrap-kubelet.conf within 60 s");
            Thread.sleep(50);
        }
        checkBootstrapKubeconfig(bootstrap, tmp);
        // The kubelet's TLS bootstrap, as the kubelet and the controller-manager would leave it.
        Path pem = rootfs.resolve(JoinableStandInCluster.KUBELET_CLIENT_PEM.substring(1));
        Files.createDirectories(pem.getParent());
        Files.write(pem, cluster.kubeletClientPem(NODE));
        Files.write(rootfs.resolve("etc/kubernetes/kubelet.conf"), cluster.kubeletConf(NODE));

        CliBasicsTest.Run run = join.get(60, TimeUnit.SECONDS);
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("[discovery] cluster-info signature and CA pin verified"), run.out());
        assertTrue(run.out().contains("[kubelet-start] done"), run.out());
        assertTrue(run.out().contains("removed /etc/kubernetes/bootstrap-kubelet.conf"), run.out());
        assertTrue(run.out().contains("localhost: joined the cluster"), run.out());
        assertFalse(run.out().contains(cluster.token().secret()), "the token secret is never printed");
        assertFalse(Files.exists(bootstrap), "bootstrap-kubelet.conf is removed after the TLS bootstrap");
        assertArrayEquals(cluster.caPem(), Files.readAllBytes(rootfs.resolve("etc/kubernetes/pki/ca.crt")));
        assertEquals("rw-r--r--", mode(rootfs.resolve("etc/kubernetes/pki/ca.crt")));
        assertEquals(cluster.kubeletConfig(), Files.readString(rootfs.resolve("var/lib/kubelet/config.yaml")));
        assertEquals("rwx------", mode(rootfs.resolve("var/lib/kubelet")));
        String flags = Files.readString(rootfs.resolve("var/lib/kubelet/kubeadm-flags.env"));
        assertTrue(flags.startsWith("KUBELET_KUBEADM_ARGS=\""), flags);
        assertTrue(flags.contains("--hostname-override=" + NODE) || uname().equals(NODE), flags);
        assertFalse(flags.contains("--pod-infra-container-image"), "the default release (1.37) has no such flag: " + flags);

        List<String> before = snapshot(rootfs);
        CliBasicsTest.Run again = CliBasicsTest.run(joinArgs(rootfs, marker).toArray(String[]::new));
        assertEquals(0, again.exit(), again.out() + again.err());
        assertTrue(again.out().contains("localhost: already joined the cluster; nothing changed"), again.out());
        assertTrue(again.out().contains("[kubelet-start] unchanged"), again.out());
        assertEquals(before, snapshot(rootfs), "a second join changes no file");

        CliBasicsTest.Run json = CliBasicsTest.run(joinArgs(rootfs, marker, "-o", "json").toArray(String[]::new));
        assertEquals(0, json.exit());
        assertTrue(json.out().lines().allMatch(l -> l.startsWith("{")), json.out());
        assertTrue(json.out().contains("\"phase\":\"kubelet-start\",\"host\":\"localhost\",\"status\":\"unchanged\""),
                json.out());
    }

    /**
     * The TLS bootstrap kubeconfig (docs/kubeadm-compat.md#join), 0600; a real kubectl reads the cluster through it.
     */
    private static void checkBootstrapKubeconfig(Path bootstrap, Path tmp) throws Exception {
        assertEquals("rw-------", mode(bootstrap));
        Config config = new KubernetesSerialization().unmarshal(Files.readString(bootstrap), Config.class);
        assertEquals("tls-bootstrap-token-user@kubernetes", config.getCurrentContext());
        assertEquals("kubernetes", config.getClusters().get(0).getName());
        assertEquals(cluster.server().url(), config.getClusters().get(0).getCluster().getServer());
        assertArrayEquals(cluster.caPem(), Base64.getDecoder().decode(
                config.getClusters().get(0).getCluster().getCertificateAuthorityData()));
        assertEquals("tls-bootstrap-token-user", config.getUsers().get(0).getName());
        assertEquals(cluster.token().value(), config.getUsers().get(0).getUser().getToken());
        Requirements.requireTool("kubectl");
        String got = Commands.runChecked(tmp, "kubectl", "--kubeconfig", bootstrap.toString(), "get", "--raw",
                "/api/v1/namespaces/kube-system/configmaps/kubelet-config");
        assertTrue(got.contains("\"name\":\"kubelet-config\""), got);
        String sent = cluster.server().connections().get(cluster.server().connections().size() - 1).requestText();
        assertTrue(sent.contains("Authorization: Bearer " + cluster.token().value()), "kubectl used the token");
    }

    @Test
    void dryRunDiscoversButChangesNothingOnTheNode(@TempDir Path rootfs, @TempDir Path tmp) {
        Path marker = tmp.resolve("kubelet-running");
        CliBasicsTest.Run run = CliBasicsTest.run(joinArgs(rootfs, marker, "--dry-run").toArray(String[]::new));
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("[kubelet-start] unchanged"), run.out());
        assertTrue(run.out().contains("would write /etc/kubernetes/bootstrap-kubelet.conf (0600"), run.out());
        assertTrue(run.out().contains("[kubelet-wait-bootstrap] skipped"), run.out());
        assertTrue(run.out().contains("localhost: dry run, nothing changed on the node"), run.out());
        assertEquals(List.of(), snapshot(rootfs), "nothing written under the rootfs");
        assertFalse(Files.exists(marker), "the kubelet was not started");
    }

    /** The version join deploys is the cluster's: past its end of life, join warns (docs/kubeadm-compat.md#supported-versions). */
    @Test
    void joiningAClusterPastItsEndOfLifeWarns(@TempDir Path rootfs, @TempDir Path tmp, @TempDir Path oldDir)
            throws Exception {
        try (JoinableStandInCluster old = JoinableStandInCluster.start(oldDir, "127.0.0.1", "127.0.0.1")) {
            old.server().directClient().configMaps().inNamespace("kube-system").withName("kubeadm-config").edit(cm -> {
                String config = cm.getData().get("ClusterConfiguration");
                String version = "kubernetesVersion: " + VersionTable.DEFAULT_VERSION + "\n";
                assertTrue(config.contains(version), config);
                cm.getData().put("ClusterConfiguration", config.replace(version, "kubernetesVersion: v1.34.2\n"));
                return cm;
            });
            CliBasicsTest.Run run = CliBasicsTest.run(joinArgs(old, rootfs, tmp.resolve("m"), "--dry-run")
                    .toArray(String[]::new));
            assertEquals(0, run.exit(), run.out() + run.err());
            assertTrue(run.err().startsWith("W: Kubernetes v1.34.2 is past its end of life (v1.34 ended on 2026-10-27) "
                    + "and gets no more fixes; v1.37 is the newest supported minor (until 2027-10-28)"), run.err());
        }
    }

    @Test
    void aKubeletThatNeverBootstrapsTimesOutNamingTheHost(@TempDir Path rootfs, @TempDir Path tmp) throws Exception {
        Path marker = tmp.resolve("kubelet-running");
        Path config = tmp.resolve("join.yaml");
        Files.writeString(config, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: JoinConfiguration
                nodeRegistration:
                  name: %s
                discovery:
                  bootstrapToken:
                    apiServerEndpoint: "%s"
                    token: %s
                    caCertHashes: ["%s"]
                timeouts:
                  tlsBootstrap: 2s
                """.formatted(NODE, cluster.endpoint(), cluster.token().value(), cluster.pin()));
        CliBasicsTest.Run run = CliBasicsTest.run("join", "--config", config.toString(), "--rootfs", rootfs.toString(),
                "--ignore-preflight-errors", "all", "--service-manager", "commands", "--service-start", "touch " + marker,
                "--service-stop", "rm -f " + marker, "--service-status", "test -e " + marker);
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("[localhost] timed out after 2s waiting for the kubelet's TLS bootstrap: "
                + "/etc/kubernetes/kubelet.conf did not appear; the kubelet service is running (commands)"), run.out());
        assertTrue(run.out().contains("FAILED localhost at phase kubelet-wait-bootstrap"), run.out());
        assertTrue(Files.exists(rootfs.resolve("etc/kubernetes/bootstrap-kubelet.conf")), "left for the kubelet");
    }

    @Test
    void aKubeletConfOfAnotherClusterIsAnErrorNotOverwritten(@TempDir Path rootfs, @TempDir Path tmp,
                                                             @TempDir Path otherDir) throws Exception {
        byte[] foreign;
        try (JoinableStandInCluster other = JoinableStandInCluster.start(otherDir, "127.0.0.1", "127.0.0.1")) {
            foreign = other.kubeletConf(NODE);
        }
        Path conf = rootfs.resolve("etc/kubernetes/kubelet.conf");
        Files.createDirectories(conf.getParent());
        Files.write(conf, foreign);
        CliBasicsTest.Run run = CliBasicsTest.run(joinArgs(rootfs, tmp.resolve("m")).toArray(String[]::new));
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("localhost:/etc/kubernetes/kubelet.conf exists with another CA: localhost belongs "
                + "to another cluster"), run.out());
        assertTrue(run.out().contains("FAILED localhost at phase preflight"), run.out());
        assertArrayEquals(foreign, Files.readAllBytes(conf));
    }

    @Test
    void discoveryFileGivesServerCaAndToken(@TempDir Path rootfs, @TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("discovery.conf");
        Files.write(file, new dev.bootstrap.kubeconfig.KubeconfigRenderer(new dev.bootstrap.templates.TemplateRenderer(
                dev.bootstrap.templates.TemplateSource.builtIn())).render("/x", "kubernetes", cluster.server().url(),
                new String(cluster.caPem(), StandardCharsets.US_ASCII), "joiner",
                dev.bootstrap.kubeconfig.KubeconfigRenderer.Credentials.token(cluster.token().value())).content());
        Path marker = tmp.resolve("m");
        CliBasicsTest.Run run = CliBasicsTest.run("join", "--discovery-file", file.toString(), "--rootfs",
                rootfs.toString(), "--dry-run", "--ignore-preflight-errors", "all", "--service-manager", "commands",
                "--service-start", "touch " + marker, "--service-stop", "true", "--service-status", "true");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("[discovery] cluster " + cluster.server().url() + " from " + file), run.out());
        assertTrue(run.out().contains("would write /var/lib/kubelet/config.yaml"), run.out());
        CliBasicsTest.Run missing = CliBasicsTest.run("join", "--discovery-file", tmp.resolve("nope").toString(),
                "--rootfs", rootfs.toString());
        assertEquals(1, missing.exit());
        assertTrue(missing.err().startsWith("error: --discovery-file: cannot read " + tmp.resolve("nope")), missing.err());
    }

    @Test
    void aWrongPinFailsBeforeAnyNodeIsTouched(@TempDir Path rootfs, @TempDir Path tmp) {
        String wrong = "sha256:" + "0".repeat(64);
        List<String> args = joinArgs(rootfs, tmp.resolve("m"));
        args.set(args.indexOf(cluster.pin()), wrong);
        CliBasicsTest.Run run = CliBasicsTest.run(args.toArray(String[]::new));
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("error: the cluster CA does not match --discovery-token-ca-cert-hash: expected "
                + wrong), run.err());
        assertTrue(run.err().contains(cluster.pin()), run.err());
        assertEquals(List.of(), snapshot(rootfs));
    }

    @Test
    void controlPlaneJoinIsRefusedWithoutControlPlaneEndpoint(@TempDir Path rootfs, @TempDir Path tmp) {
        CliBasicsTest.Run run = CliBasicsTest.run(joinArgs(rootfs, tmp.resolve("m"), "--control-plane",
                "--certificate-key", "0".repeat(64)).toArray(String[]::new));
        assertEquals(1, run.exit());
        assertTrue(run.err().startsWith("error: unable to add a new control plane instance to a cluster that doesn't "
                + "have a stable controlPlaneEndpoint address"), run.err());
        assertEquals(List.of(), snapshot(rootfs));
    }

    @Test
    void controlPlaneJoinWithoutUploadedCertificatesFailsAndChangesNothing(@TempDir Path rootfs, @TempDir Path tmp,
                                                                             @TempDir Path clusterWithEndpoint)
            throws Exception {
        try (JoinableStandInCluster cp = JoinableStandInCluster.start(clusterWithEndpoint, "127.0.0.1", "127.0.0.1")) {
            cp.server().directClient().configMaps().inNamespace("kube-system").withName("kubeadm-config")
                    .edit(cm -> {
                        cm.getData().put("ClusterConfiguration", cm.getData().get("ClusterConfiguration")
                                + "controlPlaneEndpoint: " + cp.endpoint() + "\n");
                        return cm;
                    });
            CliBasicsTest.Run run = CliBasicsTest.run("join", cp.endpoint(), "--token", cp.token().value(),
                    "--discovery-token-ca-cert-hash", cp.pin(), "--rootfs", rootfs.toString(), "--control-plane",
                    "--certificate-key", "0".repeat(64), "--ignore-preflight-errors", "all");
            assertEquals(1, run.exit(), run.out());
            assertTrue(run.out().contains("Secret kube-system/kubeadm-certs does not exist"), run.out() + run.err());
            assertEquals(List.of(), snapshot(rootfs));
            CliBasicsTest.Run noKey = CliBasicsTest.run("join", cp.endpoint(), "--token", cp.token().value(),
                    "--discovery-token-ca-cert-hash", cp.pin(), "--rootfs", rootfs.toString(), "--control-plane");
            assertEquals(2, noKey.exit());
            assertTrue(noKey.err().contains("--control-plane needs --certificate-key"), noKey.err());
        }
        CliBasicsTest.Run keyWithoutControlPlane = CliBasicsTest.run("join", cluster.endpoint(), "--token",
                cluster.token().value(), "--discovery-token-ca-cert-hash", cluster.pin(), "--certificate-key", "00");
        assertEquals(2, keyWithoutControlPlane.exit());
        assertTrue(keyWithoutControlPlane.err().contains("--certificate-key and --apiserver-advertise-address are for "
                + "--control-plane joins"), keyWithoutControlPlane.err());
    }

    @Test
    void badFlagsAreUsageErrors(@TempDir Path rootfs) {
        CliBasicsTest.Run noPin = CliBasicsTest.run("join", cluster.endpoint(), "--token", cluster.token().value(),
                "--rootfs", rootfs.toString());
        assertEquals(2, noPin.exit());
        assertTrue(noPin.err().contains("give --discovery-token-ca-cert-hash sha256:<hash>"), noPin.err());
        CliBasicsTest.Run badToken = CliBasicsTest.run("join", cluster.endpoint(), "--token", "abc.def",
                "--discovery-token-ca-cert-hash", cluster.pin());
        assertEquals(2, badToken.exit());
        assertTrue(badToken.err().contains("--discovery-token: not a valid bootstrap token"), badToken.err());
        CliBasicsTest.Run skip = CliBasicsTest.run("join", cluster.endpoint(), "--token", cluster.token().value(),
                "--discovery-token-ca-cert-hash", cluster.pin(), "--skip-phases", "kubelet-finalize");
        assertEquals(2, skip.exit());
        assertTrue(skip.err().contains("unknown phase \"kubelet-finalize\"; join's phases are preflight, kubelet-start, "
                + "kubelet-wait-bootstrap"), skip.err());
        CliBasicsTest.Run mixed = CliBasicsTest.run("join", "--config", "x.yaml", "--token", cluster.token().value());
        assertEquals(2, mixed.exit());
        assertTrue(mixed.err().contains("can not mix '--config' with arguments [--token]"), mixed.err());
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static String uname() {
        try {
            return new String(new ProcessBuilder("uname", "-n").start().getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every path under the rootfs with its size and modification time. */
    private static List<String> snapshot(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> !p.equals(root)).map(p -> {
                try {
                    return root.relativize(p) + " " + Files.size(p) + " " + Files.getLastModifiedTime(p);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
