package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.config.VersionTable;
import dev.bootstrap.testing.Requirements;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import dev.bootstrap.testing.lab.LabPrepare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code up} on lab nodes that start with no container runtime: prepare installs Debian's REAL containerd and runc
 * from spec.prepare.binaries, configures and starts containerd (it loads its CRI plugin in the node's namespaces),
 * and the nodes join. The seeds' failures are set up first, each on the lab: swap on (an fstab entry and the kernel
 * stand-in's /proc/swaps), br_netfilter's keys missing and ip_forward 0 (its /proc/sys/net), a runtime socket that
 * exists but does not answer, and a containerd config whose cgroup driver is not the kubelet's. The kubelet is the
 * lab's stand-in (no kubelet binary exists here), the API server the fabric8 mock.
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class PrepareLabTest {

    private static final String MISMATCHED = "version = 2\n[plugins.\"io.containerd.grpc.v1.cri\".containerd.runtimes"
            + ".runc.options]\n  SystemdCgroup = false\n";

    @AfterEach
    void cgroups() throws Exception {
        LabPrepare.removeCgroups();
    }

    @Test
    void upPreparesBareNodesJoinsThemAndResetUndoesPrepare(Lab lab, @TempDir Path dir) throws Exception {
        Path binaries = LabPrepare.binaries(dir.resolve("bin"), VersionTable.DEFAULT_VERSION);
        Path image = busyboxImage(dir);
        LabNode cp = lab.node(1);
        LabNode worker = lab.node(2);
        for (LabNode node : lab.nodes()) {
            LabPrepare.install(lab, node);
        }
        lab.ssh(worker, LabPrepare.KERNEL + " swap-on /swapfile");
        lab.ssh(cp, "mkdir -p /run/containerd /etc/containerd && python3 -c \"import socket; "
                + "socket.socket(socket.AF_UNIX).bind('/run/containerd/containerd.sock')\" && printf '%s' '"
                + MISMATCHED + "' > /etc/containerd/config.toml");
        String fstabBefore = lab.ssh(worker, "cat /etc/fstab");
        assertEquals("none", lab.ssh(worker, "command -v containerd || echo none").strip(), "no runtime to start with");

        try (LabApi api = LabApi.start(lab)) {
            Path file = Files.writeString(dir.resolve("cluster.yaml"), clusterFile(lab, api.upstream(), binaries));

            CliBasicsTest.Run plan = CliBasicsTest.run("plan", "-f", file.toString());
            assertEquals(0, plan.exit(), plan.out() + plan.err());
            assertTrue(plan.out().contains("node2 (worker): prepare: swap turned off: /swapfile"), plan.out());
            assertTrue(plan.out().contains("node2 (worker): prepare: swap lines of /etc/fstab commented: 1"), plan.out());
            assertTrue(plan.out().contains("prepare: kernel modules: loaded overlay, br_netfilter"), plan.out());
            assertTrue(plan.out().contains("prepare: installed from " + binaries), plan.out());
            CliBasicsTest.Run dry = CliBasicsTest.run("prepare", "-f", file.toString(), "--node", "node2", "--dry-run");
            assertEquals(0, dry.exit(), dry.out() + dry.err());
            assertTrue(dry.out().contains("swap turned off: /swapfile"), dry.out());
            assertFalse(dry.out().contains("node1"), "only the node asked for: " + dry.out());
            assertEquals("none", lab.ssh(worker, "command -v containerd || echo none").strip(), "plan changes nothing");

            CliBasicsTest.Run up = CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "60s");
            assertEquals(0, up.exit(), up.out() + up.err());
            assertTrue(up.out().contains("Cluster lab is up: 2 nodes"), up.out());
            for (String fixed : List.of("[WARNING Swap]", "[WARNING CRI]", "[WARNING CgroupDriver]",
                    "bridge-nf-call-iptables]", "ip_forward]")) {
                assertFalse(up.out().contains(fixed), "preflight found nothing prepare fixes: " + fixed + "\n" + up.out());
            }
            for (LabNode node : lab.nodes()) {
                assertTrue(lab.ssh(node, "ctr --address /run/containerd/containerd.sock version").contains("Server:"),
                        node.name() + ": containerd answers");
                String config = lab.ssh(node, "cat /etc/containerd/config.toml");
                assertTrue(config.contains("SystemdCgroup = true"), config);
                assertTrue(config.contains("sandbox_image = \"registry.k8s.io/pause:" + VersionTable.of(KubernetesVersion
                        .parse(VersionTable.DEFAULT_VERSION).orElseThrow()).pauseTag() + "\""), config);
                assertTrue(config.contains("config_path = \"/etc/containerd/certs.d\""), config);
                String hosts = lab.ssh(node, "cat /etc/containerd/certs.d/registry.k8s.io/hosts.toml");
                assertTrue(hosts.contains("[host.\"https://registry.aliyuncs.com/v2/google_containers\"]\n"
                        + "  capabilities = [\"pull\", \"resolve\"]\n  override_path = true"), hosts);
                assertEquals("net.bridge.bridge-nf-call-ip6tables=1 net.bridge.bridge-nf-call-iptables=1 "
                        + "net.ipv4.ip_forward=1", lab.ssh(node, "for k in bridge/bridge-nf-call-ip6tables "
                        + "bridge/bridge-nf-call-iptables ipv4/ip_forward; do printf 'net.%s=%s ' $(echo $k | tr / .) "
                        + "$(cat /proc/sys/net/$k); done").strip());
                assertTrue(lab.ssh(node, "cat /etc/modules-load.d/bootstrap.conf").contains("br_netfilter"));
                assertTrue(lab.ssh(node, "cat /var/lib/bootstrap/prepared.json").contains("\"kind\" : \"MODULE\""));
            }
            assertEquals("", lab.ssh(worker, "tail -n +2 /proc/swaps").strip(), "swap is off");
            assertTrue(lab.ssh(worker, "cat /etc/fstab").contains("#bootstrap# /swapfile none swap sw 0 0"));

            // An image made here from busybox-static, imported, pinned against the kubelet's image GC, and run by runc.
            send(lab, worker, image, "/root/busybox.tar");
            lab.ssh(worker, "ctr -n k8s.io images import --index-name lab.local/busybox:1 /root/busybox.tar"
                    + " && ctr -n k8s.io images label lab.local/busybox:1 io.cri-containerd.pinned=pinned");
            assertTrue(lab.ssh(worker, "ctr -n k8s.io images ls").contains("io.cri-containerd.pinned=pinned"));
            assertEquals("hello from busybox-static", lab.ssh(worker, "timeout 60 ctr -n k8s.io run --rm "
                    + "lab.local/busybox:1 lab-hello").strip());

            // A second run changes nothing, prepare included.
            CliBasicsTest.Run again = CliBasicsTest.run("up", "-f", file.toString(), "--ignore-preflight-errors=all",
                    "--wait-timeout", "60s");
            assertEquals(0, again.exit(), again.out() + again.err());
            assertTrue(again.out().contains("Cluster lab is up: 2 nodes, 0 changed."), again.out());
            CliBasicsTest.Run prepared = CliBasicsTest.run("prepare", "-f", file.toString());
            assertEquals(0, prepared.exit(), prepared.out() + prepared.err());
            assertTrue(prepared.out().contains("Nothing changed: the nodes are prepared"), prepared.out());

            // reset undoes what prepare changed and nothing else; the runtime's images stay for the next rebuild.
            CliBasicsTest.Run reset = CliBasicsTest.run("reset", "-f", file.toString(), "--force");
            assertEquals(0, reset.exit(), reset.out() + reset.err());
            assertTrue(reset.out().contains("Undid what prepare changed"), reset.out());
            assertEquals(fstabBefore, lab.ssh(worker, "cat /etc/fstab"), "the swap line is back as it was");
            assertTrue(lab.ssh(worker, "cat /proc/swaps").contains("/swapfile"), "swap is on again");
            for (LabNode node : lab.nodes()) {
                assertEquals("none", lab.ssh(node, "command -v containerd || echo none").strip(), node.name());
                assertEquals("absent absent absent 0", lab.ssh(node, "for f in /etc/modules-load.d/bootstrap.conf "
                        + "/etc/sysctl.d/90-bootstrap-k8s.conf /var/lib/bootstrap/prepared.json; do test -e $f && "
                        + "printf 'present ' || printf 'absent '; done; cat /proc/sys/net/ipv4/ip_forward").strip());
                assertEquals("unloaded", lab.ssh(node, "test -d /sys/module/br_netfilter && echo loaded || echo "
                        + "unloaded").strip(), node.name());
                assertEquals("kept", lab.ssh(node, "test -d /var/lib/containerd/io.containerd.content.v1.content && "
                        + "echo kept || echo gone").strip(), "images stay");
            }
            assertEquals(MISMATCHED, lab.ssh(cp, "cat /etc/containerd/config.toml"), "node1's own config is back");
            assertEquals("", lab.ssh(worker, "ls /etc/containerd/certs.d 2>/dev/null").strip());
        }
    }

    private static String clusterFile(Lab lab, String upstream, Path binaries) {
        return """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: lab
                spec:
                  kubernetesVersion: %s
                %s  prepare:
                    binaries: %s
                  registries:
                    registry.k8s.io: [https://registry.aliyuncs.com/google_containers]
                  ssh:
                    user: root
                    keyFile: %s
                    knownHostsFile: %s
                  nodes:
                    - name: node1
                      address: %s
                      role: control-plane
                    - name: node2
                      address: %s
                      role: worker
                """.formatted(VersionTable.DEFAULT_VERSION, LabPrepare.serviceManager(upstream), binaries,
                lab.rootKey(), lab.knownHosts(), lab.node(1).address(), lab.node(2).address());
    }

    /** An OCI archive with one layer holding Debian's static busybox, whose command prints a greeting. */
    private static Path busyboxImage(Path dir) throws Exception {
        Requirements.requireTool("umoci");
        Requirements.require(Files.isRegularFile(Path.of("/bin/busybox")), "busybox-static is not installed");
        Path layout = dir.resolve("oci");
        Path bundle = dir.resolve("bundle");
        sh(dir, "umoci init --layout " + layout + " && umoci new --image " + layout + ":1 && umoci unpack --rootless"
                + " --image " + layout + ":1 " + bundle + " && mkdir -p " + bundle + "/rootfs/bin && cp /bin/busybox "
                + bundle + "/rootfs/bin/busybox && umoci repack --image " + layout + ":1 " + bundle + " && umoci config"
                + " --image " + layout + ":1 --config.cmd /bin/busybox --config.cmd echo --config.cmd "
                + "'hello from busybox-static' && tar -C " + layout + " -cf " + dir.resolve("busybox.tar") + " .");
        return dir.resolve("busybox.tar");
    }

    private static void send(Lab lab, LabNode node, Path file, String path) throws Exception {
        Process p = new ProcessBuilder("ssh", "-q", "-F", lab.sshConfig().toString(), node.name(), "cat > " + path)
                .redirectInput(file.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, new String(p.getInputStream().readAllBytes()));
    }

    private static void sh(Path dir, String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
    }
}
