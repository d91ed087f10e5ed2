package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.pki.CaPin;
import dev.bootstrap.pki.Pem;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
        String description = String.join(" ", CommandTree.whole().getSubcommands().get("init").getCommandSpec()
                .usageMessage().description());
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Phases, in order: (.*) \\(run one").matcher(description);
        assertTrue(m.find(), description);
        assertEquals(dev.bootstrap.init.InitWorkflow.phases().stream().map(dev.bootstrap.phases.Phase::name).toList(), java.util.List.of(m.group(1).split(", ")));
        assertTrue(CliBasicsTest.run("init", "--help").out().contains("kubelet-finalize"));
    }

    /** Every option of the node commands, their subcommands included, says in --help what it does. */
    @Test
    void everyOptionOfTheNodeCommandsHasADescription() {
        picocli.CommandLine root = CommandTree.whole();
        List<String> empty = new java.util.ArrayList<>();
        for (String name : List.of("init", "join", "up", "preflight", "reset")) {
            picocli.CommandLine command = root.getSubcommands().get(name);
            assertTrue(command != null, "no command " + name);
            collectUndescribed(command, empty);
        }
        assertEquals(List.of(), empty, "options with an empty description");
    }

    private static void collectUndescribed(picocli.CommandLine command, List<String> empty) {
        for (picocli.CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
            if (String.join("", option.description()).isBlank()) {
                empty.add(command.getCommandSpec().qualifiedName() + " " + option.longestName());
            }
        }
        command.getSubcommands().values().stream().distinct().forEach(sub -> collectUndescribed(sub, empty));
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

    /**
     * The phase commands are made from the workflows' phase lists, a phase with sub-phases gets one command per
     * sub-phase and "all", and a sub-phase runs alone.
     */
    @Test
    void phaseCommandsAreMadeFromTheWorkflowsAndASubPhaseRunsAlone(@TempDir Path root) throws Exception {
        CliBasicsTest.Run init = CliBasicsTest.run("init", "phase", "--help");
        for (String phase : PHASE_LINES) {
            assertTrue(init.out().contains("  " + phase + " "), phase + " in " + init.out());
        }
        CliBasicsTest.Run addon = CliBasicsTest.run("init", "phase", "addon", "--help");
        assertTrue(addon.out().contains("  coredns ") && addon.out().contains("  kube-proxy ")
                && addon.out().contains("  all "), addon.out());
        CliBasicsTest.Run join = CliBasicsTest.run("join", "phase", "--help");
        for (String phase : List.of("preflight", "control-plane-prepare", "kubelet-start", "etcd-join",
                "kubelet-wait-bootstrap", "control-plane-join", "wait-control-plane")) {
            assertTrue(join.out().contains("  " + phase + " "), phase + " in " + join.out());
        }
        CliBasicsTest.Run worker = CliBasicsTest.run("join", "phase", "control-plane-prepare", "10.0.0.1:6443",
                "--token", "abcdef.0123456789abcdef", "--discovery-token-unsafe-skip-ca-verification");
        assertEquals(2, worker.exit(), worker.out() + worker.err());
        assertTrue(worker.err().contains("part of control-plane joins only: add --control-plane"), worker.err());

        CliBasicsTest.Run apiserver = CliBasicsTest.run("init", "phase", "control-plane", "apiserver", "--rootfs",
                root.toString(), "--apiserver-advertise-address=127.0.0.1", "--node-name=node1");
        assertEquals(0, apiserver.exit(), apiserver.out() + apiserver.err());
        try (var manifests = Files.list(root.resolve("etc/kubernetes/manifests"))) {
            assertEquals(List.of("kube-apiserver.yaml"), manifests.map(p -> p.getFileName().toString()).toList());
        }
        CliBasicsTest.Run unknown = CliBasicsTest.run("init", "--rootfs", root.toString(), "--skip-phases",
                "control-plane/etcd", "--apiserver-advertise-address=127.0.0.1", "--node-name=node1");
        assertEquals(1, unknown.exit(), unknown.out());
        assertTrue(unknown.err().contains("unknown phase \"control-plane/etcd\"; the sub-phases of control-plane are "
                + "apiserver, controller-manager, scheduler"), unknown.err());
    }

    /** kubeadm's init phases (docs/kubeadm-compat.md#init-phases). */
    private static final List<String> PHASE_LINES = List.of("preflight", "certs", "kubeconfig", "etcd",
            "control-plane", "kubelet-start", "wait-control-plane", "upload-config", "upload-certs",
            "mark-control-plane", "bootstrap-token", "kubelet-finalize", "addon", "show-join-command");

    private static final Pattern PHASE_LINE = Pattern.compile("(?m)^\\[([a-z-]+)] (done|unchanged|skipped|FAILED) \\(");
    private static final Pattern DRY_RUN_DIR = Pattern.compile("Files were written under (\\S+);");
    private static final Pattern JOIN = Pattern.compile(
            "bootstrap join \\S+ --token ([a-z0-9]{6}\\.[a-z0-9]{16}) \\\\\n\t--discovery-token-ca-cert-hash (sha256:[0-9a-f]{64})");

    @Test
    void readmeMainJobDryRunWritesOnlyIntoItsDirectoryAndEndsWithTheJoinCommand(@TempDir Path root) throws Exception {
        CliBasicsTest.Run r = CliBasicsTest.run("init", "--dry-run", "--rootfs", root.toString(),
                "--ignore-preflight-errors=all");
        Path dryRunDir = dryRunDir(r);
        try {
            assertEquals(0, r.exit(), r.out() + r.err());
            try (Stream<Path> left = Files.list(root)) {
                assertEquals(List.of(), left.toList(), "nothing written under --rootfs");
            }
            assertEquals(PHASE_LINES, PHASE_LINE.matcher(r.out()).results().map(m -> m.group(1)).toList(), r.out());
            assertTrue(r.out().contains("Your Kubernetes control plane is initialized."), r.out());
            Matcher join = JOIN.matcher(r.out());
            assertTrue(join.find(), "join command in\n" + r.out());
            assertEquals(CaPin.of(Pem.decodeCertificate(Files.readAllBytes(dryRunDir.resolve("etc/kubernetes/pki/ca.crt")),
                    "ca.crt")), join.group(2), "the pin is the dry run's CA");
        } finally {
            deleteTree(dryRunDir);
        }
    }

    /** The README's main job: a dry run defaults to the newest 1.37 patch and writes what kubeadm 1.37 writes. */
    @Test
    void aDryRunDefaultsTo137AndWritesKubeadm137sFiles(@TempDir Path root) throws Exception {
        CliBasicsTest.Run r = CliBasicsTest.run("init", "--dry-run", "--rootfs", root.toString(),
                "--ignore-preflight-errors=all", "--node-name", "cp1");
        Path dir = dryRunDir(r);
        try {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertFalse(r.err().contains("end of life"), r.err());
            String api = Files.readString(dir.resolve("etc/kubernetes/manifests/kube-apiserver.yaml"));
            assertTrue(api.contains("image: registry.k8s.io/kube-apiserver:v1.37.1"), api);
            String etcd = Files.readString(dir.resolve("etc/kubernetes/manifests/etcd.yaml"));
            assertTrue(etcd.contains("image: registry.k8s.io/etcd:3.7.0-0"), etcd);
            assertTrue(etcd.contains("- --feature-gates=InitialCorruptCheck=true") && !etcd.contains("--experimental-"), etcd);
            String kcm = Files.readString(dir.resolve("etc/kubernetes/manifests/kube-controller-manager.yaml"));
            assertFalse(kcm.contains("flexvolume-dir"), kcm);
            String flags = Files.readString(dir.resolve("var/lib/kubelet/kubeadm-flags.env"));
            assertFalse(flags.contains("pod-infra-container-image"), flags);
            X509Certificate client = Pem.decodeCertificate(Files.readAllBytes(
                    dir.resolve("etc/kubernetes/pki/apiserver-kubelet-client.crt")), "apiserver-kubelet-client.crt");
            assertEquals("CN=kube-apiserver-kubelet-client", client.getSubjectX500Principal().getName());
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void aVersionPastItsEndOfLifeIsDeployedWithAWarning(@TempDir Path root) throws Exception {
        CliBasicsTest.Run r = CliBasicsTest.run("init", "--dry-run", "--rootfs", root.toString(),
                "--ignore-preflight-errors=all", "--kubernetes-version", "v1.33.2");
        Path dir = dryRunDir(r);
        try {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertTrue(r.err().contains("W: Kubernetes v1.33.2 is past its end of life (v1.33 ended on 2026-06-28) and "
                    + "gets no more fixes; v1.37 is the newest supported minor (until 2027-10-28)"), r.err());
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    void dryRunAndTheTokenComeFromTheConfigFile(@TempDir Path root) throws Exception {
        Path cfg = Files.writeString(root.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                dryRun: true
                bootstrapTokens:
                - token: abcdef.0123456789abcdef
                """);
        CliBasicsTest.Run r = CliBasicsTest.run("init", "--rootfs", root.toString(), "--config", cfg.toString(),
                "--ignore-preflight-errors=all", "--node-name=node1", "--apiserver-advertise-address=127.0.0.1");
        Path dryRunDir = dryRunDir(r);
        try {
            assertEquals(0, r.exit(), r.out() + r.err());
            assertFalse(Files.exists(root.resolve("etc")), "dryRun: true in the file writes nothing under --rootfs");
            assertTrue(Files.exists(dryRunDir.resolve("etc/kubernetes/manifests/kube-apiserver.yaml")));
            Matcher join = JOIN.matcher(r.out());
            assertTrue(join.find(), r.out());
            assertEquals("abcdef.0123456789abcdef", join.group(1), "the configured token");
        } finally {
            deleteTree(dryRunDir);
        }
    }

    @Test
    void ignorePreflightErrorsFromTheConfigFileAreHonoured(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("etc/kubernetes/manifests"));
        Files.writeString(root.resolve("etc/kubernetes/manifests/kube-apiserver.yaml"), "left over\n");
        Path cfg = Files.writeString(root.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  ignorePreflightErrors: [all]
                """);
        List<String> noIgnoreFlag = new java.util.ArrayList<>(List.of(args(root, "--config", cfg.toString(),
                "--skip-phases=certs,kubeconfig,etcd,control-plane,kubelet-start")));
        noIgnoreFlag.remove("--ignore-preflight-errors=all");
        CliBasicsTest.Run r = CliBasicsTest.run(noIgnoreFlag.toArray(String[]::new));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("[WARNING FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]"),
                "the existing manifest is a warning, not an error:\n" + r.out());
    }

    private static Path patchesConfig(Path root, Path patches) throws Exception {
        return Files.writeString(root.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                patches:
                  directory: %s
                """.formatted(patches));
    }

    @Test
    void patchesFromTheConfigReachTheManifestsAndTheKubeletConfig(@TempDir Path root, @TempDir Path patches)
            throws Exception {
        Files.writeString(patches.resolve("kube-apiserver0+merge.yaml"), "metadata:\n  labels:\n    patched: \"yes\"\n");
        Files.writeString(patches.resolve("kube-apiserver1+json.json"),
                "[{\"op\": \"add\", \"path\": \"/spec/containers/0/command/-\", \"value\": \"--v=4\"}]");
        Files.writeString(patches.resolve("kubeletconfiguration+merge.yaml"), "maxPods: 50\n");
        Files.writeString(patches.resolve("kube-controller-manager.yaml"), // strategic: the container merges by name
                "spec:\n  containers:\n  - name: kube-controller-manager\n    env:\n    - {name: GOMAXPROCS, value: \"2\"}\n");
        CliBasicsTest.Run r = CliBasicsTest.run(args(root, "--config", patchesConfig(root, patches).toString()));
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("patched kube-apiserver with " + patches.resolve("kube-apiserver1+json.json")
                + " (json)"), r.out());
        Pod api = new KubernetesSerialization().unmarshal(
                Files.readString(root.resolve("etc/kubernetes/manifests/kube-apiserver.yaml")), Pod.class);
        assertEquals("yes", api.getMetadata().getLabels().get("patched"));
        assertEquals("component", api.getMetadata().getLabels().keySet().iterator().next(), "template labels kept");
        List<String> command = api.getSpec().getContainers().get(0).getCommand();
        assertEquals("--v=4", command.get(command.size() - 1));
        assertTrue(command.contains("--secure-port=6443"), "rendered flags kept: " + command);
        Pod kcm = new KubernetesSerialization().unmarshal(
                Files.readString(root.resolve("etc/kubernetes/manifests/kube-controller-manager.yaml")), Pod.class);
        assertEquals(1, kcm.getSpec().getContainers().size());
        assertEquals("GOMAXPROCS", kcm.getSpec().getContainers().get(0).getEnv().get(0).getName());
        assertTrue(kcm.getSpec().getContainers().get(0).getCommand().contains("--leader-elect=true"));
        String scheduler = Files.readString(root.resolve("etc/kubernetes/manifests/kube-scheduler.yaml"));
        assertFalse(scheduler.contains("patched"), "other targets untouched");
        assertTrue(Files.readString(root.resolve("var/lib/kubelet/config.yaml")).contains("maxPods: 50"));
        assertTrue(r.out().contains("patched kubeletconfiguration with "
                + patches.resolve("kubeletconfiguration+merge.yaml") + " (merge)"), r.out());
    }

    @Test
    void aSecondRunWithTheSamePatchesChangesNothing(@TempDir Path root, @TempDir Path patches) throws Exception {
        Files.writeString(patches.resolve("etcd+merge.yaml"), "metadata:\n  labels:\n    patched: \"yes\"\n");
        Files.writeString(patches.resolve("kube-apiserver+merge.yaml"), "metadata:\n  labels:\n    patched: \"yes\"\n");
        Files.writeString(patches.resolve("kubeletconfiguration+merge.yaml"), "maxPods: 50\n");
        Files.writeString(patches.resolve("README"), "not a patch");
        String config = patchesConfig(root, patches).toString();
        assertEquals(0, CliBasicsTest.run(args(root, "--config", config)).exit());
        CliBasicsTest.Run again = CliBasicsTest.run(args(root, "--config", config));
        assertEquals(0, again.exit(), again.out() + again.err());
        for (String phase : List.of("etcd", "control-plane", "kubelet-start")) {
            assertTrue(again.out().contains("[" + phase + "] unchanged"), phase + " in\n" + again.out());
        }
        assertTrue(again.out().contains("patched kube-apiserver with " + patches.resolve("kube-apiserver+merge.yaml")),
                again.out());
    }

    @Test
    void aPatchThatDoesNotApplyFailsThePhaseNamingFileAndOperationAndWritesNoManifest(@TempDir Path root,
            @TempDir Path patches) throws Exception {
        Files.writeString(patches.resolve("kube-scheduler+json.yaml"), "- {op: remove, path: /spec/nodeName}\n");
        CliBasicsTest.Run r = CliBasicsTest.run(args(root, "--config", patchesConfig(root, patches).toString()));
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains(patches.resolve("kube-scheduler+json.yaml")
                + ": operation 1 (remove /spec/nodeName): no value at /spec/nodeName"), r.out());
        assertFalse(Files.exists(root.resolve("etc/kubernetes/manifests/kube-scheduler.yaml")));
    }

    private static Path dryRunDir(CliBasicsTest.Run r) {
        Matcher m = DRY_RUN_DIR.matcher(r.out());
        assertTrue(m.find(), "dry-run directory in\n" + r.out() + r.err());
        return Path.of(m.group(1));
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
