package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    private static final String[] LOCAL = {"--ignore-preflight-errors=all", "--apiserver-advertise-address=127.0.0.1",
            "--node-name=node1", "--service-manager=commands", "--service-start=true", "--service-stop=true",
            "--service-status=true",
            "--skip-phases=wait-control-plane,upload-config,upload-certs,mark-control-plane,bootstrap-token,kubelet-finalize,addon"};

    private static String[] args(Path root, String... more) {
        String[] all = new String[LOCAL.length + more.length + 3];
        all[0] = "init";
        all[1] = "--rootfs";
        all[2] = root.toString();
        System.arraycopy(LOCAL, 0, all, 3, LOCAL.length);
        System.arraycopy(more, 0, all, 3 + LOCAL.length, more.length);
        return all;
    }

    @Test
    void anUnknownConfigFieldNamesFileLineAndPath(@TempDir Path root) throws Exception {
        Path cfg = Files.writeString(root.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                networking:
                  serviceSubnett: 10.96.0.0/12
                """);
        CliBasicsTest.Run r = CliBasicsTest.run(args(root, "--config", cfg.toString()));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("kubeadm.yaml:4: ClusterConfiguration.networking.serviceSubnett"), r.err());
        assertFalse(Files.exists(root.resolve("etc/kubernetes")), "nothing written");
    }

    @Test
    void aBrokenTemplateNamesTheTemplateAndLineAndWritesNoManifest(@TempDir Path root) throws Exception {
        Path templates = Files.createDirectories(root.resolve("templates"));
        Files.writeString(templates.resolve("kube-scheduler.yaml"), "apiVersion: v1\nkind: Pod\nmetadata:\n  name: [\n");
        CliBasicsTest.Run r = CliBasicsTest.run(args(root, "--templates-dir", templates.toString()));
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.out().contains("kube-scheduler.yaml") && r.out().contains("line"), r.out());
        assertFalse(Files.exists(root.resolve("etc/kubernetes/manifests/kube-scheduler.yaml")));
        assertTrue(r.out().contains("FAILED control-plane") || r.out().contains("[control-plane] FAILED"), r.out());
    }

    @Test
    void initPrintsOneLinePerPhaseAndTheSummary(@TempDir Path root) {
        CliBasicsTest.Run r = CliBasicsTest.run(args(root));
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String phase : new String[] {"preflight", "certs", "kubeconfig", "etcd", "control-plane", "kubelet-start"}) {
            assertTrue(r.out().contains("[" + phase + "] "), phase + " in\n" + r.out());
        }
        assertTrue(r.out().contains("[wait-control-plane] skipped"));
        assertTrue(r.out().contains("export KUBECONFIG=/etc/kubernetes/admin.conf"));
        CliBasicsTest.Run json = CliBasicsTest.run(args(root, "-o", "json"));
        assertEquals(0, json.exit());
        assertTrue(json.out().lines().allMatch(l -> l.startsWith("{")), json.out());
        assertTrue(json.out().contains("\"changed\":0"), "second run changes nothing: " + json.out());
    }

    @Test
    void extraSansReachTheApiServerCertificate(@TempDir Path root) throws Exception {
        CliBasicsTest.Run r = CliBasicsTest.run(args(root, "--apiserver-cert-extra-sans=lb.example.com,10.0.0.9"));
        assertEquals(0, r.exit(), r.out() + r.err());
        java.security.cert.X509Certificate crt = dev.bootstrap.pki.Pem.decodeCertificate(
                Files.readAllBytes(root.resolve("etc/kubernetes/pki/apiserver.crt")), "apiserver.crt");
        String sans = crt.getSubjectAlternativeNames().toString();
        assertTrue(sans.contains("lb.example.com") && sans.contains("10.0.0.9"), sans);
    }

    @Test
    void helpListsEveryPhaseInOrder() {
        String description = String.join(" ", InitCommand.class.getAnnotation(picocli.CommandLine.Command.class)
                .description());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Phases, in order: (.*) \\(run one").matcher(description);
        assertTrue(m.find(), description);
        assertEquals(dev.bootstrap.init.InitWorkflow.phaseNames(), java.util.List.of(m.group(1).split(", ")));
        assertTrue(CliBasicsTest.run("init", "--help").out().contains("kubelet-finalize"));
    }

    @Test
    void initPhaseRunsOnePhase(@TempDir Path root) {
        CliBasicsTest.Run r = CliBasicsTest.run("init", "phase", "kubeconfig", "--rootfs", root.toString(),
                "--apiserver-advertise-address=127.0.0.1", "--node-name=node1");
        assertEquals(1, r.exit(), "kubeconfig needs the CA first");
        assertTrue(r.out().contains("ca.crt is missing; run the certs phase first"), r.out());
        assertEquals(0, CliBasicsTest.run(args(root)).exit());
        assertEquals(2, CliBasicsTest.run("init", "phase", "no-such-phase").exit());
    }
}
