package dev.bootstrap.reset;

import dev.bootstrap.phases.SkipPhases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.DryRunHost;
import dev.bootstrap.host.Host;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.phases.PhaseEvent;
import dev.bootstrap.phases.PhaseResult;
import dev.bootstrap.phases.PhaseRunner;
import dev.bootstrap.phases.RunReport;
import dev.bootstrap.phases.Status;
import dev.bootstrap.service.CommandServiceManager;
import dev.bootstrap.service.ServiceManager;
import dev.bootstrap.service.SystemdServiceManager;
import dev.bootstrap.testing.RecordingHost;
import dev.bootstrap.testing.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bootstrap reset on a rootfs laid out like a real control plane, with real tmpfs mounts. */
class ResetWorkflowTest {

    /**
     * Anything that would touch packet filtering or interfaces, and so could cut an SSH session (a real node's CNI
     * links are removed, but under --rootfs there are none of the node's own).
     */
    private static final Pattern NETWORK_COMMANDS =
            Pattern.compile("(^|[\\s;&|(`$])(iptables[\\w-]*|ip6tables[\\w-]*|nft|ipvsadm|ip|ifconfig|ifdown|brctl)(\\s|$)");

    @TempDir
    Path dir;
    ControlPlaneRootfs node;
    Path kubeletPid;

    @BeforeEach
    void layout() throws Exception {
        node = new ControlPlaneRootfs(Files.createDirectories(dir.resolve("rootfs")));
        kubeletPid = dir.resolve("kubelet.pid");
    }

    @AfterEach
    void cleanUp() throws Exception {
        node.unmountAll();
        kubelet().stop(new LocalHost(), "kubelet");
    }

    /** A real process standing in for the kubelet, managed through explicit commands. */
    private ServiceManager kubelet() {
        String p = kubeletPid.toString();
        return new CommandServiceManager("setsid sleep 600 >/dev/null 2>&1 </dev/null & echo $! > '" + p + "'",
                "[ -f '" + p + "' ] && kill \"$(cat '" + p + "')\"; rm -f '" + p + "'",
                "[ -f '" + p + "' ] && kill -0 \"$(cat '" + p + "')\"");
    }

    private RunReport reset(Host host, Host effects, ServiceManager services, ResetOptions options,
                            List<PhaseEvent> events) {
        // No etcd answers on this rootfs (its manifest names no reachable etcd): the phase must say so.
        ResetContext ctx = ResetContext.of(host, effects, services, options, new EtcdApiMemberRemoval(List.of(), t -> host));
        return new PhaseRunner(1, events::add).run(ResetWorkflow.phases(),
                List.of(new PhaseRunner.Target<>(host.name(), ctx)), SkipPhases.NONE);
    }

    private static List<String> details(RunReport report, String phase) {
        return report.result("cp1", phase).map(PhaseResult::details).orElseThrow();
    }

    @Test
    void leavesExactlyWhatKubeadmResetLeavesAndASecondRunChangesNothing() throws Exception {
        Requirements.requireRoot();
        node.populate("/var/lib/etcd");
        node.mountTmpfs("/var/lib/kubelet/pods/x");
        node.mountTmpfs("/var/lib/kubelet/pods/x/volumes/y");
        kubelet().restart(new LocalHost(), "kubelet");
        LocalHost host = new LocalHost("cp1", node.root);

        List<PhaseEvent> events = new ArrayList<>();
        RunReport first = reset(host, host, kubelet(), new ResetOptions(false, false), events);

        assertTrue(first.ok(), first.failures().toString());
        assertEquals(List.of("preflight", "remove-etcd-member", "cleanup-node"),
                first.byHost().get("cp1").stream().map(PhaseResult::phase).toList());
        assertEquals(List.of(), node.mountedBelow(), "every tmpfs under /var/lib/kubelet is unmounted");
        assertFalse(kubelet().isActive(new LocalHost(), "kubelet"), "kubelet stopped");
        for (String d : List.of("/etc/kubernetes/manifests", "/etc/kubernetes/pki", "/var/lib/kubelet", "/var/lib/etcd")) {
            assertTrue(node.isEmptyDir(d), d + " is kept, empty");
        }
        for (String f : List.of("admin.conf", "super-admin.conf", "kubelet.conf", "controller-manager.conf",
                "scheduler.conf", "bootstrap-kubelet.conf")) {
            assertFalse(node.exists("/etc/kubernetes/" + f), f);
        }
        assertFalse(node.exists("/etc/kubernetes/bootstrap/journal.json"), "the journal of the old cluster is gone");
        assertTrue(node.exists("/etc/kubernetes/bootstrap"));
        assertEquals("not kubeadm's", Files.readString(node.root.resolve("etc/kubernetes/keep-me.conf")));
        assertTrue(node.exists("/etc/kubernetes/tmp/kubeadm-backup-etcd/x"), "tmp only with --cleanup-tmp-dir");
        assertTrue(node.isEmptyDir("/etc/cni/net.d") && node.isEmptyDir("/var/lib/cni"),
                "the CNI's configuration and state are gone, the directories kept");
        assertTrue(node.exists("/var/lib/containerd/io.containerd.content.v1.content/blobs/sha256/ab"),
                "the runtime's images stay: a rebuild pulls nothing");

        List<String> etcd = details(first, "remove-etcd-member");
        assertTrue(etcd.contains("Deleted contents of the etcd data directory: /var/lib/etcd"), etcd.toString());
        assertTrue(etcd.stream().anyMatch(l -> l.contains("NOT removed from the etcd cluster")),
                "says plainly that the member was not removed: " + etcd);
        List<String> cleanup = details(first, "cleanup-node");
        String real = node.root.toRealPath().toString();
        assertTrue(cleanup.contains("Unmounted mounted directories in \"/var/lib/kubelet\": [" + real
                + "/var/lib/kubelet/pods/x/volumes/y, " + real + "/var/lib/kubelet/pods/x]"), cleanup.toString());
        assertTrue(cleanup.contains("Deleted contents of directories: [/etc/kubernetes/manifests, /var/lib/kubelet, "
                + "/etc/kubernetes/pki]"), cleanup.toString());
        assertTrue(cleanup.contains("Stopped the kubelet service (commands)"), cleanup.toString());
        assertTrue(cleanup.contains("Deleted contents of the CNI directories: [/etc/cni/net.d, /var/lib/cni]"),
                cleanup.toString());
        assertTrue(cleanup.stream().noneMatch(l -> l.contains("links")), "under --rootfs no link is this node's");
        assertEquals(Status.CHANGED, first.result("cp1", "cleanup-node").orElseThrow().status());

        Map<String, String> after = node.snapshot();
        RunReport second = reset(host, host, kubelet(), new ResetOptions(false, false), new ArrayList<>());
        assertTrue(second.ok(), second.failures().toString());
        assertEquals(0, second.changed(), second.byHost().toString());
        assertEquals(after, node.snapshot());
        assertTrue(details(second, "cleanup-node").contains("Nothing left to clean up"));
    }

    @Test
    void cleanupTmpDirEmptiesEtcKubernetesTmpAndACustomEtcdDataDirIsFoundInTheManifest() throws Exception {
        node.populate("/data/etcd");
        LocalHost host = new LocalHost("cp1", node.root);
        RunReport report = reset(host, host, new SystemdServiceManager(), new ResetOptions(true, false),
                new ArrayList<>());
        assertTrue(report.ok(), report.failures().toString());
        assertTrue(node.isEmptyDir("/etc/kubernetes/tmp"));
        assertTrue(node.isEmptyDir("/data/etcd"));
        assertTrue(details(report, "remove-etcd-member")
                .contains("Deleted contents of the etcd data directory: /data/etcd"));
    }

    @Test
    void dryRunChangesNothingAndSaysWhatItWouldDo() throws Exception {
        Requirements.requireRoot();
        node.populate("/var/lib/etcd");
        node.mountTmpfs("/var/lib/kubelet/pods/x");
        kubelet().restart(new LocalHost(), "kubelet");
        Map<String, String> before = node.snapshot();
        LocalHost host = new LocalHost("cp1", node.root);
        DryRunHost effects = new DryRunHost(host, dir.resolve("scratch"));

        RunReport report = reset(host, effects, kubelet(), new ResetOptions(false, true), new ArrayList<>());

        assertTrue(report.ok(), report.failures().toString());
        assertEquals(before, node.snapshot(), "not a byte changed");
        assertEquals(1, node.mountedBelow().size(), "still mounted");
        assertTrue(kubelet().isActive(new LocalHost(), "kubelet"), "kubelet still running");
        List<String> cleanup = details(report, "cleanup-node");
        assertTrue(cleanup.contains("[dryrun] Would delete contents of directories: [/etc/kubernetes/manifests, "
                + "/var/lib/kubelet, /etc/kubernetes/pki]"), cleanup.toString());
        assertTrue(cleanup.contains("[dryrun] Would delete contents of the CNI directories: [/etc/cni/net.d, "
                + "/var/lib/cni]"), cleanup.toString());
        assertTrue(details(report, "remove-etcd-member")
                .contains("[dryrun] Would delete contents of the etcd data directory: /var/lib/etcd"));
        String actions = String.join("\n", effects.actions());
        assertTrue(actions.contains("umount -- " + node.root.toRealPath() + "/var/lib/kubelet/pods/x"), actions);
        assertTrue(actions.contains("kill"), "the kubelet would be stopped: " + actions);
    }

    @Test
    void resetNeverRunsIptablesIpOrNftables() throws Exception {
        Requirements.requireRoot();
        node.populate("/var/lib/etcd");
        node.mountTmpfs("/var/lib/kubelet/pods/x");
        RecordingHost host = new RecordingHost(new LocalHost("cp1", node.root));
        DryRunHost dryRun = new DryRunHost(host, dir.resolve("scratch"));
        RunReport planned = reset(host, dryRun, new SystemdServiceManager(), new ResetOptions(true, true),
                new ArrayList<>());
        RunReport done = reset(host, host, new SystemdServiceManager(), new ResetOptions(true, false),
                new ArrayList<>());
        assertTrue(planned.ok() && done.ok(), done.failures().toString());

        List<String> everything = new ArrayList<>(host.commands());
        everything.addAll(dryRun.actions());
        assertTrue(everything.stream().anyMatch(c -> c.contains("umount")), "the recording saw the real work");
        for (String command : everything) {
            assertFalse(NETWORK_COMMANDS.matcher(command).find(), "network command in: " + command);
        }
        assertTrue(NETWORK_COMMANDS.matcher("x; iptables -F").find() && NETWORK_COMMANDS.matcher("ip link del cni0").find(),
                "the pattern itself catches what it must");
    }

    @Test
    void aFailedUnmountKeepsTheKubeletDirectoryAndFailsNamingIt() throws Exception {
        Requirements.requireRoot();
        node.populate("/var/lib/etcd");
        node.mountTmpfs("/var/lib/kubelet/pods/busy");
        Path inside = node.root.resolve("var/lib/kubelet/pods/busy");
        // A process with its working directory in the mount keeps it busy.
        Process holder = new ProcessBuilder("sleep", "600").directory(inside.toFile()).start();
        try {
            LocalHost host = new LocalHost("cp1", node.root);
            RunReport report = reset(host, host, new SystemdServiceManager(), new ResetOptions(false, false),
                    new ArrayList<>());
            PhaseResult failed = report.result("cp1", "cleanup-node").orElseThrow();
            assertEquals(Status.FAILED, failed.status());
            assertTrue(failed.error().startsWith("[cp1] cleanup-node did not finish (exit 1)"), failed.error());
            assertTrue(failed.error().contains("could not unmount everything under /var/lib/kubelet"), failed.error());
            assertTrue(Files.exists(inside.resolve("volume-data")), "nothing deleted inside the busy mount");
            assertTrue(node.exists("/var/lib/kubelet/config.yaml"), "kubelet directory kept");
            assertTrue(node.isEmptyDir("/etc/kubernetes/pki"), "the rest was still cleaned");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    void aNonRootNodeFailsPreflightBeforeAnythingIsTouched() throws Exception {
        node.populate("/var/lib/etcd");
        Map<String, String> before = node.snapshot();
        Path setpriv = Requirements.requireTool("setpriv");
        Host asNobody = new RecordingHost(new LocalHost("cp1", node.root),
                List.of(setpriv.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        RunReport report = reset(asNobody, asNobody, new SystemdServiceManager(), new ResetOptions(false, false),
                new ArrayList<>());
        PhaseResult failed = report.result("cp1", "preflight").orElseThrow();
        assertEquals(Status.FAILED, failed.status());
        assertEquals("[cp1] reset must run as root, but 'id -u' on the node printed 65534; connect as root or "
                + "with sudo", failed.error());
        assertEquals(1, report.byHost().get("cp1").size(), "stops at preflight");
        assertEquals(before, node.snapshot());
    }

    @Test
    void podSandboxesAreStoppedThenRemovedWithRetries() throws Exception {
        // No container runtime can run here, so a stand-in crictl keeps sandboxes as files and, like a
        // busy runtime, refuses the first two stops of one of them.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path pods = Files.createDirectories(dir.resolve("pods"));
        Path stops = Files.createDirectories(dir.resolve("stops"));
        Path log = dir.resolve("crictl.log");
        Files.createFile(pods.resolve("aaa111"));
        Files.createFile(pods.resolve("bbb222"));
        Path crictl = bin.resolve("crictl");
        Files.writeString(crictl, "#!/bin/sh\n"
                + "while [ \"${1#-}\" != \"$1\" ]; do shift 2; done\n"
                + "echo \"$*\" >> '" + log + "'\n"
                + "case \"$1\" in\n"
                + "  pods) echo 'WARN using default endpoints' >&2; ls '" + pods + "' ;;\n"
                + "  stopp) n=$(($(cat '" + stops + "'/\"$2\" 2>/dev/null || echo 0) + 1)); echo $n > '" + stops
                + "'/\"$2\"\n"
                + "         if [ \"$2\" = aaa111 ] && [ $n -le 2 ]; then echo busy >&2; exit 1; fi; [ -e '" + pods
                + "'/\"$2\" ] ;;\n"
                + "  rmp) rm '" + pods + "'/\"$2\" ;;\n"
                + "  *) exit 2 ;;\n"
                + "esac\n");
        crictl.toFile().setExecutable(true);
        Host host = new RecordingHost(new LocalHost("cp1", node.root),
                List.of("env", "PATH=" + bin + ":" + System.getenv("PATH")));

        RunReport report = reset(host, host, new SystemdServiceManager(), new ResetOptions(false, false),
                new ArrayList<>());

        assertTrue(report.ok(), report.failures().toString());
        assertTrue(details(report, "cleanup-node").contains("Removed 2 pod sandboxes (crictl stopp, rmp)"),
                details(report, "cleanup-node").toString());
        try (var left = Files.list(pods)) {
            assertEquals(0, left.count(), "every sandbox removed");
        }
        assertEquals(List.of("pods -q", "stopp aaa111", "stopp aaa111", "stopp aaa111", "rmp aaa111", "stopp bbb222",
                "rmp bbb222"), Files.readAllLines(log));
        RunReport again = reset(host, host, new SystemdServiceManager(), new ResetOptions(false, false),
                new ArrayList<>());
        assertEquals(0, again.changed(), again.byHost().toString());
    }

    @Test
    void aSymlinkedKubeletDirectoryIsResolvedForUnmountingAndCleaning() throws Exception {
        Requirements.requireRoot();
        node.populate("/var/lib/etcd");
        Path kubelet = node.root.resolve("var/lib/kubelet");
        Path moved = Files.createDirectories(node.root.resolve("data/kubelet"));
        try (var entries = Files.list(kubelet)) {
            for (Path p : (Iterable<Path>) entries::iterator) {
                Files.move(p, moved.resolve(p.getFileName()));
            }
        }
        Files.delete(kubelet);
        Files.createSymbolicLink(kubelet, Path.of("../../data/kubelet"));
        node.mountTmpfs("/data/kubelet/pods/x");
        LocalHost host = new LocalHost("cp1", node.root);

        RunReport report = reset(host, host, new SystemdServiceManager(), new ResetOptions(false, false),
                new ArrayList<>());

        assertTrue(report.ok(), report.failures().toString());
        assertEquals(List.of(), node.mountedBelow());
        assertTrue(Files.isSymbolicLink(kubelet), "the link is kept");
        assertTrue(node.isEmptyDir("/data/kubelet"), "what it points to is emptied");
    }

    @Test
    void underRootfsAKubeletSymlinkLeadingOutOfItIsRefused() throws Exception {
        node.populate("/var/lib/etcd");
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("precious"), "keep");
        Path kubelet = node.root.resolve("var/lib/kubelet");
        new LocalHost().remove(kubelet.toString());
        Files.createSymbolicLink(kubelet, outside);
        LocalHost host = new LocalHost("cp1", node.root);

        RunReport report = reset(host, host, new SystemdServiceManager(), new ResetOptions(false, false),
                new ArrayList<>());

        PhaseResult failed = report.result("cp1", "cleanup-node").orElseThrow();
        assertEquals(Status.FAILED, failed.status());
        assertEquals("[cp1] /var/lib/kubelet resolves to " + outside.toRealPath() + ", outside the root "
                + node.root.toRealPath() + "; refusing to clean it", failed.error());
        assertEquals("keep", Files.readString(outside.resolve("precious")));
    }
}
