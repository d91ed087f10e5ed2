package dev.bootstrap.init;

import dev.bootstrap.phases.SkipPhases;
import dev.bootstrap.config.VersionTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.Phase;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.service.CommandServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.Commands;
import dev.bootstrap.testing.EtcdProcess;
import dev.bootstrap.testing.Requirements;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * init's local phases on this machine under a rootfs, checked with real etcd, openssl and kubectl.
 * (The phases that need a running control plane are skipped: no kubelet or kube-apiserver runs here.)
 */
class InitWorkflowTest {

    /** Phases that need a running control plane (none can run here; the lab test runs them). */
    static final SkipPhases LOCAL_ONLY = SkipPhases.given(Set.of("wait-control-plane", "upload-config", "upload-certs",
            "mark-control-plane", "bootstrap-token", "kubelet-finalize", "addon"), "--skip-phases");

    private final String ip = "127." + ThreadLocalRandom.current().nextInt(1, 250) + "."
            + ThreadLocalRandom.current().nextInt(0, 250) + "." + ThreadLocalRandom.current().nextInt(2, 250);

    private KubeadmConfig config() {
        return KubeadmConfigReader.fromFlags(new InitFlags(ip, null, null, null, null, null, "node1", null, VersionTable.DEFAULT_VERSION,
                null, null, null, null, false, null, List.of(), List.of(), List.of()));
    }

    private static InitOptions options(boolean dryRun, Path dryRunDir) {
        return new InitOptions(dryRun, dryRunDir, false, null, IgnoredErrors.of("all"),
                new CommandServiceManager("true", "true", "true"), new TemplateRenderer(TemplateSource.builtIn()),
                LOCAL_ONLY, Map.of(), dev.bootstrap.pki.KeyPool.NONE);
    }

    @Test
    void phasesAreKubeadmsInKubeadmsOrder() {
        // kubeadm's phases (docs/kubeadm-compat.md#init-phases), written out: --skip-phases accepts every name,
        // the workflow runs every one.
        List<String> kubeadm = List.of("preflight", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start",
                "wait-control-plane", "upload-config", "upload-certs", "mark-control-plane", "bootstrap-token",
                "kubelet-finalize", "addon", "show-join-command");
        assertEquals(kubeadm, InitWorkflow.specs().stream().map(dev.bootstrap.phases.PhaseSpec::name).toList());
        assertEquals(kubeadm, InitWorkflow.phases().stream().map(Phase::name).toList());
    }

    @Test
    void writesKubeadmsTreeWhichRealToolsAcceptAndASecondRunChangesNothing(@TempDir Path root) throws Exception {
        LocalHost node = new LocalHost("node1", root);
        RunReport first = new InitWorkflow().run(node, config(), options(false, null), Set.of(), e -> { }).report();
        assertTrue(first.ok(), first.failures().toString());
        assertEquals(Status.CHANGED, first.result("node1", "certs").orElseThrow().status());

        Path k8s = root.resolve("etc/kubernetes");
        assertEquals("rwx------", perms(k8s.resolve("manifests")));
        for (String f : List.of("admin.conf", "super-admin.conf", "controller-manager.conf", "scheduler.conf",
                "kubelet.conf", "manifests/etcd.yaml", "manifests/kube-apiserver.yaml", "pki/ca.key", "pki/sa.pub")) {
            assertEquals("rw-------", perms(k8s.resolve(f)), f);
        }
        assertEquals("rw-r--r--", perms(k8s.resolve("pki/ca.crt")));
        assertEquals("rwx------", perms(root.resolve("var/lib/kubelet")));

        Map<Path, Long> mtimes = mtimes(root);
        RunReport second = new InitWorkflow().run(node, config(), options(false, null), Set.of(), e -> { }).report();
        assertTrue(second.ok(), second.failures().toString());
        assertEquals(0, second.changed(), "second run changed: " + second.byHost());
        assertEquals(mtimes, mtimes(root), "no file was rewritten");

        // Real etcd from the generated manifest becomes healthy with the generated certificates.
        Pod etcdPod = new KubernetesSerialization().unmarshal(Files.readString(k8s.resolve("manifests/etcd.yaml")), Pod.class);
        Path etcdPki = k8s.resolve("pki/etcd");
        try (EtcdProcess etcd = EtcdProcess.start(etcdPod, root)) {
            assertTrue(etcd.awaitHealthy("https://" + ip + ":2379", etcdPki.resolve("ca.crt"),
                    etcdPki.resolve("healthcheck-client.crt"), etcdPki.resolve("healthcheck-client.key")), etcd.log());
        }

        // Real kubectl reads every kubeconfig, and talks to a TLS server on apiserver.crt requiring our CA.
        String kubectl = Requirements.requireTool("kubectl").toString();
        Map<String, String> users = Map.of("admin.conf", "kubernetes-admin", "super-admin.conf",
                "kubernetes-super-admin", "controller-manager.conf", "system:kube-controller-manager",
                "scheduler.conf", "system:kube-scheduler", "kubelet.conf", "system:node:node1");
        for (Map.Entry<String, String> u : users.entrySet()) {
            assertEquals(u.getValue(), Commands.runChecked(root, kubectl, "--kubeconfig", k8s.resolve(u.getKey()).toString(),
                    "config", "view", "-o", "jsonpath={.users[0].name}").strip(), u.getKey());
        }
        assertEquals("ok", apiServerHealthz(root, kubectl));
    }

    /** openssl s_server with the generated apiserver cert, requiring client certs from ca.crt; kubectl asks /healthz. */
    private String apiServerHealthz(Path root, String kubectl) throws Exception {
        String openssl = Requirements.requireTool("openssl").toString();
        Path pki = root.resolve("etc/kubernetes/pki");
        Path www = Files.createDirectories(root.resolve("www"));
        Files.writeString(www.resolve("healthz"), "ok");
        Process server = new ProcessBuilder(openssl, "s_server", "-accept", ip + ":6443", "-WWW", "-Verify", "1",
                "-verify_return_error", "-cert", pki.resolve("apiserver.crt").toString(), "-key",
                pki.resolve("apiserver.key").toString(), "-CAfile", pki.resolve("ca.crt").toString())
                .directory(www.toFile()).redirectErrorStream(true).redirectOutput(root.resolve("s_server.log").toFile()).start();
        try {
            String admin = root.resolve("etc/kubernetes/admin.conf").toString();
            for (int i = 0; ; i++) {
                Process p = new ProcessBuilder(kubectl, "--kubeconfig", admin, "get", "--raw", "/healthz")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                p.waitFor(30, TimeUnit.SECONDS);
                if (p.exitValue() == 0 || i == 20) {
                    return out;
                }
                Thread.sleep(200);
            }
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void dryRunWritesOnlyIntoItsDirectoryAndRecordsTheKubeletRestart(@TempDir Path root, @TempDir Path scratch) throws Exception {
        InitWorkflow.Result r = new InitWorkflow().run(new LocalHost("node1", root), config(), options(true, scratch),
                Set.of(), e -> { });
        assertTrue(r.report().ok(), r.report().failures().toString());
        try (Stream<Path> files = Files.walk(root)) {
            assertEquals(List.of(root), files.toList(), "nothing written on the node");
        }
        assertTrue(Files.exists(scratch.resolve("etc/kubernetes/manifests/kube-apiserver.yaml")));
        assertTrue(r.dryRunActions().stream().anyMatch(a -> a.startsWith("run: SERVICE=kubelet; export SERVICE; sh -c true ")
                && a.endsWith("; true")), r.dryRunActions().toString());
        assertFalse(r.dryRunActions().stream().anyMatch(a -> a.contains("BEGIN")), "no file content in the listing");
    }

    @Test
    void onePhaseRunsAlone(@TempDir Path root) {
        InitWorkflow.Result r = new InitWorkflow().run(new LocalHost("node1", root), config(), options(false, null),
                Set.of("certs"), e -> { });
        assertTrue(r.report().ok());
        assertEquals(List.of("certs"), r.report().byHost().get("node1").stream().map(p -> p.phase()).toList());
        assertTrue(Files.exists(root.resolve("etc/kubernetes/pki/ca.crt")));
        assertFalse(Files.exists(root.resolve("etc/kubernetes/admin.conf")));
    }

    @Test
    void controlPlaneBeforeTheCertificatesNamesTheCaItWillSignWithAndAnExternalCaEmptiesIt(@TempDir Path root)
            throws Exception {
        LocalHost node = new LocalHost("node1", root);
        Path manifest = root.resolve("etc/kubernetes/manifests/kube-controller-manager.yaml");
        assertTrue(new InitWorkflow().run(node, config(), options(false, null), Set.of("control-plane"), e -> { })
                .report().ok());
        String noCa = Files.readString(manifest);
        assertTrue(noCa.contains("--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt"), noCa);
        assertTrue(noCa.contains("--cluster-signing-key-file=/etc/kubernetes/pki/ca.key"), noCa);

        assertTrue(new InitWorkflow().run(node, config(), options(false, null), Set.of("certs"), e -> { }).report().ok());
        Files.delete(root.resolve("etc/kubernetes/pki/ca.key"));
        assertTrue(new InitWorkflow().run(node, config(), options(false, null), Set.of("control-plane"), e -> { })
                .report().ok());
        String external = Files.readString(manifest);
        for (String flag : List.of("- --cluster-signing-cert-file=", "- --cluster-signing-key-file=")) {
            assertTrue(external.lines().anyMatch(l -> l.strip().equals(flag)), external);
        }
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    private static Map<Path, Long> mtimes(Path root) throws Exception {
        Map<Path, Long> m = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(f), Files.getLastModifiedTime(f).toMillis());
            }
        }
        return m;
    }
}
