package dev.bootstrap.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.host.CommandResult;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.manifests.Images;
import dev.bootstrap.runtime.PullTool;
import dev.bootstrap.testing.RecordingHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** kubeadm's ImagePull over crictl: what is run, when, and how its results read. */
class ImagePullTest {

    private static final String SOCKET = "unix:///var/run/containerd/containerd.sock";
    /** A registry that cannot exist (RFC 2606): pulls from it fail on any machine, crictl or not. */
    private static final List<String> UNREACHABLE = List.of("registry.invalid/kube-apiserver:v1.34.1",
            "registry.invalid/pause:3.10.1");
    private static final CheckResult PASSED = CheckResult.pass("CRI", Severity.ERROR, "containerd answers");

    private static NodeFacts ready(String from, String to) {
        String text = Fixtures.text("ubuntu-22.04-ready");
        assertTrue(text.contains(from), from);
        return FactsParser.parse("cp1", text.replace(from, to), Instant.EPOCH);
    }

    /** The recorded node's runtime uses this sandbox image: as kubeadm's pause, it draws no warning. */
    private static final String NODES_SANDBOX = "registry.k8s.io/pause:3.10.1";

    private static ImagePull unreachable(String policy) {
        return unreachable(policy, true);
    }

    private static ImagePull unreachable(String policy, boolean serial) {
        return new ImagePull(UNREACHABLE, NODES_SANDBOX, SOCKET, policy, serial, "registry.invalid");
    }

    @Test
    void eachImageIsLookedForThenPulledOverTheConfiguredSocketAndAFailureNamesTheImage() {
        RecordingHost host = new RecordingHost(new LocalHost());
        List<CheckResult> results = unreachable("IfNotPresent").after(List.of(PASSED), host,
                Fixtures.facts("ubuntu-22.04-ready"), IgnoredErrors.NONE);
        // Shell.quote leaves these as they are: they hold no character a shell would read.
        String crictl = "crictl --runtime-endpoint unix:///var/run/containerd/containerd.sock ";
        assertEquals(List.of(crictl + "inspecti registry.invalid/kube-apiserver:v1.34.1",
                crictl + "pull registry.invalid/kube-apiserver:v1.34.1",
                crictl + "inspecti registry.invalid/pause:3.10.1",
                crictl + "pull registry.invalid/pause:3.10.1"),
                host.commands(), "IfNotPresent: look, then pull what is missing, one image after the other");
        assertEquals(3, results.size(), results.toString());
        for (int i = 0; i < 2; i++) {
            CheckResult r = results.get(i + 1);
            assertEquals("ImagePull", r.name());
            assertTrue(r.fatal());
            assertTrue(r.message().startsWith("failed to pull image " + UNREACHABLE.get(i) + ": "), r.message());
            assertTrue(r.fix().startsWith("this node cannot pull from registry.invalid: set --image-repository"), r.fix());
        }
        List<CheckResult> ignored = unreachable("Always").after(List.of(PASSED), new LocalHost(),
                Fixtures.facts("ubuntu-22.04-ready"), IgnoredErrors.of("ImagePull"));
        assertTrue(ignored.get(1).warning() && !ignored.get(1).fatal(), "--ignore-preflight-errors=ImagePull");
    }

    @Test
    void crictlsRecordedAnswersReadAsKubeadmsErrorsOrWhatWasPulled() {
        ImagePull pull = new ImagePull(List.of("registry.k8s.io/kube-apiserver:v1.34.1", "registry.k8s.io/pause:3.10.1",
                "registry.k8s.io/etcd:3.6.4-0"), "registry.k8s.io/pause:3.10.1", SOCKET, "IfNotPresent", true, "registry.k8s.io");
        CommandResult ok = new CommandResult(0, "Image is up to date for sha256:cd073f4c5f6a\n", "", Duration.ofSeconds(9), false);
        List<CheckResult> pulled = pull.judge(List.of(new ImagePull.Pulled("registry.k8s.io/kube-apiserver:v1.34.1", Optional.of(ok)),
                new ImagePull.Pulled("registry.k8s.io/pause:3.10.1", Optional.empty()),
                new ImagePull.Pulled("registry.k8s.io/etcd:3.6.4-0", Optional.of(ok))));
        assertEquals(1, pulled.size());
        assertTrue(pulled.get(0).passed());
        assertEquals("pulled 2 images, 1 already present through " + SOCKET, pulled.get(0).message());

        String refused = "time=\"2026-11-23T00:30:00Z\" level=fatal msg=\"pulling image: rpc error: code = Unknown desc = "
                + "failed to pull and unpack image \\\"registry.k8s.io/etcd:3.6.4-0\\\": failed to resolve reference: "
                + "dial tcp 34.96.108.209:443: i/o timeout\"\n";
        List<CheckResult> failed = pull.judge(List.of(new ImagePull.Pulled("registry.k8s.io/kube-apiserver:v1.34.1", Optional.of(ok)),
                new ImagePull.Pulled("registry.k8s.io/etcd:3.6.4-0",
                        Optional.of(new CommandResult(1, "", refused, Duration.ofSeconds(30), false)))));
        assertEquals(1, failed.size(), "one error per image that failed, as kubeadm's serial pull reports");
        assertEquals("failed to pull image registry.k8s.io/etcd:3.6.4-0: " + refused.strip(), failed.get(0).message());
        assertEquals("this node cannot pull from registry.k8s.io: set --image-repository (imageRepository) to a registry "
                + "or mirror it reaches (e.g. registry.aliyuncs.com/google_containers), or configure a registry mirror in "
                + "the runtime; 'bootstrap config images list' shows the images needed", failed.get(0).fix());
        CommandResult hung = new CommandResult(-1, "", "", PullTool.PULL_TIMEOUT, true);
        assertEquals("failed to pull image registry.k8s.io/pause:3.10.1: timed out after 600000 ms",
                pull.judge(List.of(new ImagePull.Pulled("registry.k8s.io/pause:3.10.1", Optional.of(hung)))).get(0).message());
    }

    @Test
    void nothingIsPulledAfterAFatalErrorOrWithPolicyNever() {
        RecordingHost host = new RecordingHost(new LocalHost());
        List<CheckResult> fatal = List.of(CheckResult.fail("Port-6443", Severity.ERROR, "Port 6443 is in use", "stop it"));
        assertSame(fatal, unreachable("Always").after(fatal, host, Fixtures.facts("ubuntu-22.04-ready"), IgnoredErrors.NONE));
        List<CheckResult> passed = List.of(PASSED);
        assertSame(passed, unreachable("Never").after(passed, host, Fixtures.facts("ubuntu-22.04-ready"), IgnoredErrors.NONE));
        assertEquals(List.of(), host.commands());
    }

    @Test
    void withoutCrictlOrAnAnsweringRuntimeItSaysSoInsteadOfFailingAgain() {
        RecordingHost host = new RecordingHost(new LocalHost());
        CheckResult noCrictl = unreachable("Always").after(List.of(PASSED), host,
                ready("crictl=/usr/bin/crictl", "crictl="), IgnoredErrors.NONE).get(1);
        assertEquals(Severity.WARNING, noCrictl.severity());
        assertTrue(noCrictl.warning());
        assertEquals("images not pulled ahead: crictl is not on the node (the kubelet pulls them when it starts the "
                + "static pods; an unreachable registry shows only then)", noCrictl.message());
        assertEquals("apt-get install -y cri-tools", noCrictl.fix());
        // CRI failed and was ignored: the runtime's socket has no listener.
        NodeFacts dead = ready("0000000000000000: 00000002 00000000 00010000 0001 01 21875 /run/containerd/containerd.sock\n", "");
        CheckResult noRuntime = unreachable("Always").after(List.of(PASSED), host, dead, IgnoredErrors.NONE).get(1);
        assertEquals("images not pulled: the container runtime at " + SOCKET + " does not answer (see the CRI check)",
                noRuntime.message());
        assertTrue(noRuntime.warning() && !noRuntime.fatal());
        assertEquals("start the runtime (see CRI)", noRuntime.fix());
        assertEquals(List.of(), host.commands(), "nothing was run");
    }

    @Test
    void theImagesAreThoseOfConfigImagesListFromTheConfiguredRepository() {
        KubeadmConfig mirror = KubeadmConfigReader.readInit("mirror.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: ClusterConfiguration\nimageRepository: registry.aliyuncs.com/google_containers\n", InitFlags.NONE);
        ImagePull pull = ImagePull.of(mirror.cluster(), mirror.init().nodeRegistration());
        assertEquals(new Images(mirror.cluster()).all(), pull.images());
        assertTrue(pull.images().contains("registry.aliyuncs.com/google_containers/coredns:v1.14.6"), pull.images().toString());
    }

    @Test
    void withImagePullSerialFalseAllImagesArePulledAtOnceOnTheNodeStillOneErrorPerImage() {
        KubeadmConfig parallel = KubeadmConfigReader.readInit("parallel.yaml", "apiVersion: kubeadm.k8s.io/v1beta4\n"
                + "kind: InitConfiguration\nnodeRegistration:\n  imagePullSerial: false\n", InitFlags.NONE);
        assertFalse(parallel.init().nodeRegistration().imagePullSerial());
        RecordingHost host = new RecordingHost(new LocalHost());
        List<CheckResult> results = unreachable("Always", false).after(List.of(PASSED), host,
                Fixtures.facts("ubuntu-22.04-ready"), IgnoredErrors.NONE);
        assertEquals(1, host.commands().size(), "one command runs all pulls: " + host.commands());
        String script = host.commands().get(0);
        assertTrue(script.contains("crictl --runtime-endpoint " + SOCKET + " pull registry.invalid/kube-apiserver:v1.34.1 ")
                && script.contains(" pull registry.invalid/pause:3.10.1 ") && script.contains(") &\nwait\n"), script);
        assertEquals(3, results.size(), results.toString());
        for (int i = 0; i < 2; i++) {
            CheckResult r = results.get(i + 1);
            assertTrue(r.fatal());
            // This machine has no crictl or no such registry: either way crictl's own words are the reason.
            assertTrue(r.message().startsWith("failed to pull image " + UNREACHABLE.get(i) + ": ")
                    && r.message().length() > ("failed to pull image " + UNREACHABLE.get(i) + ": ").length(), r.message());
        }
    }

    @Test
    void theParallelPullsOutputIsReadPerImage() {
        ImagePull pull = new ImagePull(List.of("registry.k8s.io/kube-apiserver:v1.34.1", "registry.k8s.io/pause:3.10.1",
                "registry.k8s.io/etcd:3.6.4-0"), NODES_SANDBOX, SOCKET, "IfNotPresent", false, "registry.k8s.io");
        String refused = "time=\"2026-11-23T00:30:00Z\" level=fatal msg=\"pulling image: rpc error: code = Unknown desc = "
                + "failed to resolve reference: dial tcp 34.96.108.209:443: i/o timeout\"";
        CommandResult run = new CommandResult(0, "@@pull 0 0\nImage is up to date for sha256:cd073f4c5f6a\n\n"
                + "@@pull 1 present\n\n@@pull 2 1\n" + refused + "\n\n", "", Duration.ofSeconds(31), false);
        List<ImagePull.Pulled> pulled = pull.parallelResults(run);
        assertEquals(List.of(0, -1, 1), pulled.stream().map(p -> p.pull().map(CommandResult::exitCode).orElse(-1)).toList());
        List<CheckResult> failed = pull.judge(pulled);
        assertEquals(1, failed.size());
        assertEquals("failed to pull image registry.k8s.io/etcd:3.6.4-0: " + refused, failed.get(0).message());
        // The run ended at its timeout before the last job reported: that image failed with the run.
        CommandResult cut = new CommandResult(-1, "@@pull 0 0\n\n@@pull 1 present\n\n", "", PullTool.PULL_TIMEOUT, true);
        List<CheckResult> timedOut = pull.judge(pull.parallelResults(cut));
        assertEquals(List.of("failed to pull image registry.k8s.io/etcd:3.6.4-0: timed out after 600000 ms"),
                timedOut.stream().map(CheckResult::message).toList());
    }

    @Test
    void aRuntimeSandboxImageOtherThanKubeadmsPauseIsAWarning() {
        NodeFacts pause38 = ready("\"sandboxImage\": \"registry.k8s.io/pause:3.10.1\"", "\"sandboxImage\": \"registry.k8s.io/pause:3.8\"");
        CheckResult warning = unreachable("Always").sandboxImage(pause38).orElseThrow();
        assertEquals("ImagePull", warning.name());
        assertTrue(warning.warning() && !warning.fatal());
        assertEquals("detected that the sandbox image \"registry.k8s.io/pause:3.8\" of the container runtime is inconsistent "
                + "with that used by kubeadm. It is recommended to use \"registry.k8s.io/pause:3.10.1\" as the CRI sandbox image.",
                warning.message());
        assertTrue(warning.fix().startsWith("set the runtime's sandbox image to registry.k8s.io/pause:3.10.1"), warning.fix());
        List<CheckResult> results = unreachable("Never").after(List.of(PASSED), new LocalHost(), pause38, IgnoredErrors.NONE);
        assertEquals(1, results.size(), "imagePullPolicy Never: neither pulled nor compared, as in kubeadm");
        // containerd 2.x reports it among its pinned images.
        NodeFacts pinned = ready("\"sandboxImage\": \"registry.k8s.io/pause:3.10.1\"",
                "\"pinnedImages\": {\"sandbox\": \"registry.k8s.io/pause:3.10\"}");
        assertTrue(unreachable("Always").sandboxImage(pinned).orElseThrow().message().contains("\"registry.k8s.io/pause:3.10\""));
        assertEquals(Optional.empty(), unreachable("Always").sandboxImage(Fixtures.facts("ubuntu-22.04-ready")), "same image");
        assertEquals(Optional.empty(), unreachable("Always").sandboxImage(Fixtures.facts("fedora-40-containerd-crio")),
                "no crictl info recorded: nothing to compare");
    }
}
