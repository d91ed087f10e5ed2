package dev.bootstrap.prepare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.host.HostException;
import dev.bootstrap.prepare.PrepareRecord.Change;
import dev.bootstrap.prepare.PrepareRecord.Kind;
import dev.bootstrap.preflight.OsFamily;
import dev.bootstrap.service.SystemdServiceManager;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prepare's rules, each on an inspected node state made here: what it changes, records, and refuses. */
class PrepareUnitsTest {

    private static final TemplateRenderer RENDERER = new TemplateRenderer(TemplateSource.builtIn());

    private static PrepareTarget target(String spec, Optional<Binaries> binaries) {
        ClusterFile file = ClusterFileReader.read("cluster.yaml", """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata: {name: lab}
                spec:
                  kubernetesVersion: v1.37.1
                  networking: {podSubnet: 10.244.0.0/16}
                  addons: {cni: {type: flannel}}
                %s  nodes:
                    - {name: cp1, address: 10.211.0.11, role: control-plane}
                """.formatted(spec), Map.of());
        return PrepareTarget.of(file, true, binaries, RENDERER);
    }

    /** A node state as inspect.sh reports it; {@code sections} overrides the defaults (a bare Debian node). */
    private static NodeState state(Map<String, List<String>> sections) {
        Map<String, List<String>> s = new LinkedHashMap<>(Map.of("os-release", List.of("ID=debian"),
                "pid1", List.of("systemd"), "swap-target", List.of("enabled"),
                "tools", List.of("apt-get=/usr/bin/apt-get", "systemctl=/usr/bin/systemctl")));
        s.putAll(sections);
        return NodeState.parse("node1", s);
    }

    @Test
    void swapLinesAreThoseOfTypeSwapCommentedAndRecordedOneByOne() {
        assertTrue(KernelSettings.isSwapLine("/swapfile none swap sw 0 0"));
        assertTrue(KernelSettings.isSwapLine("UUID=1234\tnone\tswap\tdefaults\t0\t0"));
        assertFalse(KernelSettings.isSwapLine("/dev/sdb1 /srv/swapdata ext4 defaults 0 2"), "a path with swap in it");
        assertFalse(KernelSettings.isSwapLine("# /swapfile none swap sw 0 0"));
        NodeState node = state(Map.of("swaps", List.of("/swapfile file 1048572 0 -2"), "fstab",
                List.of("# fstab", "/dev/sda1 / ext4 defaults 0 1", "/swapfile none swap sw 0 0")));
        List<PrepareAction> actions = new KernelSettings().plan(node, target("", Optional.empty()));
        assertEquals("swap turned off: /swapfile", actions.get(0).says());
        assertEquals("swapoff -a", actions.get(0).script());
        assertEquals("# fstab\n/dev/sda1 / ext4 defaults 0 1\n#bootstrap# /swapfile none swap sw 0 0\n",
                new String(actions.get(1).writes().get(0).content(), StandardCharsets.UTF_8));
        assertEquals(List.of(Change.of(Kind.FSTAB_LINE, "/swapfile none swap sw 0 0")), actions.get(1).records());
        assertEquals("systemctl mask swap.target", actions.get(2).script(), "systemd starts no swap at boot");
    }

    @Test
    void sysctlsAreSetWhereTheyDifferAndReadBackWithAnOsHint() {
        NodeState node = state(Map.of("sysctl", List.of("net/ipv4/ip_forward=0", "net/bridge/bridge-nf-call-iptables",
                "net/bridge/bridge-nf-call-ip6tables")));
        PrepareAction sysctls = new KernelSettings().plan(node, target("  prepare:\n    swap: false\n    "
                + "kernelModules: false\n    extraSysctls: {fs.inotify.max_user_instances: \"8192\"}\n",
                Optional.empty())).get(0);
        assertEquals(List.of(new Change(Kind.SYSCTL, "fs.inotify.max_user_instances", null),
                new Change(Kind.SYSCTL, "net.bridge.bridge-nf-call-ip6tables", null),
                new Change(Kind.SYSCTL, "net.bridge.bridge-nf-call-iptables", null),
                new Change(Kind.SYSCTL, "net.ipv4.ip_forward", "0")), sysctls.records());
        assertTrue(new String(sysctls.writes().get(0).content(), StandardCharsets.UTF_8)
                .contains("fs.inotify.max_user_instances = 8192\n"));
        HostException missing = assertThrows(HostException.class, () -> KernelSettings.verify("node1", OsFamily.DEBIAN,
                Map.of("net.bridge.bridge-nf-call-iptables", "1", "net.ipv4.ip_forward", "1"),
                List.of("net.bridge.bridge-nf-call-iptables", "net.ipv4.ip_forward=0")));
        assertTrue(missing.getMessage().contains("net.bridge.bridge-nf-call-iptables does not exist in /proc/sys: "
                + "br_netfilter is not loaded; install the kernel's modules"), missing.getMessage());
        assertTrue(missing.getMessage().contains("net.ipv4.ip_forward is 0 after setting it to 1"), missing.getMessage());
    }

    @Test
    void aFirewallIsNeverTurnedOffItsPortsAreOpenedOnlyWhenAsked() {
        NodeState firewalld = state(Map.of("firewalld", List.of("running")));
        PrepareAction listed = new Firewall().plan(firewalld, target("", Optional.empty())).get(0);
        assertTrue(listed.records().isEmpty() && listed.script().isEmpty(), "a note, not a change");
        assertTrue(listed.says().contains("firewall-cmd --permanent --add-port=6443/tcp; "), listed.says());
        assertTrue(listed.says().contains("--add-port=8472/udp"), "flannel's VXLAN: " + listed.says());
        PrepareAction opened = new Firewall().plan(state(Map.of("ufw", List.of("Status: active"))),
                target("  prepare:\n    openFirewall: true\n", Optional.empty())).get(0);
        assertTrue(opened.script().contains("ufw allow 2379:2380/tcp\n"), opened.script());
        assertTrue(opened.records().contains(Change.of(Kind.FIREWALL_PORT, "ufw 6443/tcp")));
        assertEquals("ufw delete allow 6443/tcp", Firewall.commands("ufw", List.of("6443/tcp"), false));
    }

    @Test
    void packagesPerOsFamilyAndNoneWhereThereIsNoPackageManager() {
        PrepareTarget fromPackages = target("", Optional.empty());
        List<PrepareAction> debian = new RuntimeInstall("node1").plan(state(Map.of()), fromPackages);
        String script = debian.get(0).script();
        assertTrue(script.startsWith("DEBIAN_FRONTEND=noninteractive apt-get install -y -q containerd "
                + "containernetworking-plugins || "), script);
        assertTrue(script.contains("[ -e /opt/cni/bin/loopback ] || ln -s /usr/lib/cni/loopback /opt/cni/bin/loopback"),
                script);
        assertTrue(debian.get(0).records().contains(Change.of(Kind.PACKAGE, "apt containerd")));
        PrepareAction kubelet = new KubeletInstall("node1").plan(state(Map.of()), fromPackages).get(0);
        assertTrue(kubelet.script().contains("apt-get install -y -q 'kubelet=1.37.1-*'"), kubelet.script());
        assertTrue(kubelet.script().endsWith("apt-mark hold kubelet"), kubelet.script());
        PrepareAction rhel = new KubeletInstall("node1").plan(state(Map.of("os-release", List.of("ID=rocky",
                "VERSION_ID=9.4"))), fromPackages).get(0);
        assertTrue(rhel.script().contains("dnf install -y kubelet-1.37.1") && rhel.script().endsWith(
                "dnf versionlock add kubelet"), rhel.script());
        HostException flatcar = assertThrows(HostException.class, () -> new RuntimeInstall("node1").plan(
                state(Map.of("os-release", List.of("ID=flatcar"))), fromPackages));
        assertTrue(flatcar.getMessage().contains("set spec.prepare.binaries"), flatcar.getMessage());
    }

    @Test
    void binariesAreVerifiedAgainstTheirSumsAndMappedWhereTheyGo(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cni"));
        Files.writeString(dir.resolve("containerd"), "c");
        Files.writeString(dir.resolve("cni/bridge"), "b");
        Files.writeString(dir.resolve(Binaries.SUMS), sha("c") + "  containerd\n" + sha("b") + "  cni/bridge\n");
        Binaries ok = Binaries.verify(dir);
        assertEquals(List.of("/usr/local/bin/containerd", "/opt/cni/bin/bridge"), ok.nodePaths());
        Files.writeString(dir.resolve("kubelet"), "k");
        ConfigException unlisted = assertThrows(ConfigException.class, () -> Binaries.verify(dir));
        assertTrue(unlisted.getMessage().endsWith("kubelet is not in " + dir.resolve("SHA256SUMS") + ": every binary is "
                + "verified before it is installed; add its line (sha256sum kubelet)"), unlisted.getMessage());
        Files.writeString(dir.resolve(Binaries.SUMS), sha("c") + "  containerd\n" + sha("b") + "  cni/bridge\n"
                + sha("x") + "  kubelet\n");
        ConfigException changed = assertThrows(ConfigException.class, () -> Binaries.verify(dir));
        assertTrue(changed.getMessage().startsWith(dir.resolve("SHA256SUMS") + ":3: " + dir.resolve("kubelet")
                + " has sha256 " + sha("k")), changed.getMessage());
        Files.writeString(dir.resolve(Binaries.SUMS), sha("c") + "  dockerd\n");
        assertTrue(assertThrows(ConfigException.class, () -> Binaries.verify(dir)).getMessage()
                .contains("\"dockerd\" is not a binary prepare installs"));
    }

    @Test
    void binariesGoWhereTheNodeHasNoneWithTheirServiceForItsServiceManager(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("cni"));
        StringBuilder sums = new StringBuilder();
        for (String name : List.of("containerd", "runc", "kubelet", "cni/loopback")) {
            Files.writeString(dir.resolve(name), name);
            sums.append(sha(name)).append("  ").append(name).append('\n');
        }
        Files.writeString(dir.resolve(Binaries.SUMS), sums.toString());
        PrepareTarget systemd = target("", Optional.of(Binaries.verify(dir)));
        NodeState bare = state(Map.of());
        Map<String, String> written = new LinkedHashMap<>();
        for (PrepareItem item : List.of(new RuntimeInstall("node1"), new KubeletInstall("node1"))) {
            item.plan(bare, systemd).forEach(a -> a.writes().forEach(w -> written.put(w.path(),
                    Integer.toOctalString(w.mode()) + " " + new String(w.content(), StandardCharsets.UTF_8))));
        }
        assertEquals(List.of("/usr/local/bin/containerd", "/usr/local/sbin/runc", "/opt/cni/bin/loopback",
                RuntimeInstall.CONTAINERD_UNIT, "/usr/bin/kubelet", "/etc/systemd/system/kubelet.service"),
                List.copyOf(written.keySet()));
        assertTrue(written.get(RuntimeInstall.CONTAINERD_UNIT).startsWith("644 "));
        assertTrue(written.get(RuntimeInstall.CONTAINERD_UNIT).contains("\nExecStart=/usr/local/bin/containerd\n"));
        assertTrue(written.get("/etc/systemd/system/kubelet.service").contains("\nExecStart=/usr/bin/kubelet\n"));
        assertEquals("755 runc", written.get("/usr/local/sbin/runc"));

        // A node with its own containerd and kubelet keeps them; its service manager's units are not replaced.
        NodeState equipped = state(Map.of("tools", List.of("containerd=/usr/bin/containerd", "kubelet=/usr/bin/kubelet",
                "runc=/usr/sbin/runc"), "units", List.of("containerd", "kubelet"), "sha256", List.of(sha("x")
                + "  /usr/local/sbin/runc", sha("y") + "  /usr/bin/kubelet")));
        assertEquals(List.of("/opt/cni/bin/loopback"), new RuntimeInstall("node1").plan(equipped, systemd).get(0)
                .writes().stream().map(w -> w.path()).toList(), "only what the node lacks");
        assertEquals(List.of(), new KubeletInstall("node1").plan(equipped, systemd));

        PrepareTarget openrc = new PrepareTarget(systemd.spec(), systemd.cluster(), systemd.registries(), systemd.cni(),
                true, new dev.bootstrap.service.OpenRcServiceManager(), systemd.binaries(), RENDERER);
        PrepareAction onOpenrc = new RuntimeInstall("node1").plan(state(Map.of("pid1", List.of("init"))), openrc).get(0);
        assertTrue(onOpenrc.writes().stream().anyMatch(w -> w.path().equals(RuntimeInstall.CONTAINERD_INIT)
                && w.mode() == 0755 && new String(w.content(), StandardCharsets.UTF_8).contains(
                        "command=/usr/local/bin/containerd")), "an OpenRC script");
    }

    @Test
    void selinuxGoesPermissiveOnlyWhereItEnforces() {
        PrepareTarget target = target("  prepare: {swap: false, kernelModules: false, sysctls: false}\n",
                Optional.empty());
        assertEquals(List.of(), new KernelSettings().plan(state(Map.of("selinux-enforce", List.of("0"))), target));
        PrepareAction permissive = new KernelSettings().plan(state(Map.of("selinux-enforce", List.of("1"))), target)
                .get(0);
        assertTrue(permissive.script().startsWith("setenforce 0\n"), permissive.script());
        assertTrue(permissive.script().contains("s/^SELINUX=enforcing$/SELINUX=permissive/"), permissive.script());
        assertEquals(List.of(Change.of(Kind.SELINUX_ENFORCING, "enforce")), permissive.records());
    }

    @Test
    void theRecordKeepsTheFirstStateAndReadsBack() {
        PrepareRecord record = PrepareRecord.EMPTY.with(List.of(new Change(Kind.SYSCTL, "net.ipv4.ip_forward", "0")))
                .with(List.of(new Change(Kind.SYSCTL, "net.ipv4.ip_forward", "1"), Change.of(Kind.MODULE, "overlay")));
        assertEquals(List.of(new Change(Kind.SYSCTL, "net.ipv4.ip_forward", "0"), Change.of(Kind.MODULE, "overlay")),
                record.changes(), "a second prepare does not overwrite the value from before the first");
        assertEquals(record, PrepareRecord.parse(record.json()));
        assertEquals(PrepareRecord.EMPTY, PrepareRecord.parse(""));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PrepareRecord.parse("{\"format\": 1, \"cha"))
                .getMessage().startsWith("unreadable: "));
    }

    @Test
    void resetUndoesTheRecordNewestFirstAndNothingElse() {
        FakeNode node = new FakeNode();
        node.files.put("/etc/fstab", "/dev/sda1 / ext4 defaults 0 1\n#bootstrap# /swapfile none swap sw 0 0\n"
                .getBytes(StandardCharsets.UTF_8));
        PrepareRecord record = PrepareRecord.EMPTY.with(List.of(Change.of(Kind.SWAP, "/swapfile"),
                Change.of(Kind.FSTAB_LINE, "/swapfile none swap sw 0 0"), Change.of(Kind.MODULE, "br_netfilter"),
                new Change(Kind.SYSCTL, "net.ipv4.ip_forward", "0"), Change.of(Kind.PACKAGE, "apt containerd"),
                Change.of(Kind.FILE, "/etc/containerd/certs.d/docker.io/hosts.toml"),
                new Change(Kind.FILE, "/etc/containerd/config.toml", "b2xk")));
        node.files.put(PrepareRecord.PATH, record.json().getBytes(StandardCharsets.UTF_8));
        List<String> lines = PrepareUndo.run(node, new SystemdServiceManager(), false);
        assertEquals("Undid what prepare changed: 7 changes (" + PrepareRecord.PATH + ")", lines.get(0));
        assertEquals("/dev/sda1 / ext4 defaults 0 1\n/swapfile none swap sw 0 0\n",
                new String(node.files.get("/etc/fstab"), StandardCharsets.UTF_8));
        String script = node.commands.get(0);
        List<String> order = List.of("base64 -d > /etc/containerd/config.toml.undo",
                "rm -f -- /etc/containerd/certs.d/docker.io/hosts.toml", "rmdir -- /etc/containerd/certs.d/docker.io",
                "apt-get remove -y -q containerd", "0 > /proc/sys/net/ipv4/ip_forward", "modprobe -r br_netfilter",
                "swapon -- /swapfile", "rm -f " + PrepareRecord.PATH);
        int at = -1;
        for (String step : order) {
            int next = script.indexOf(step);
            assertTrue(next > at, step + " after the one before it, in:\n" + script);
            at = next;
        }
        FakeNode unprepared = new FakeNode();
        assertEquals(List.of(), PrepareUndo.run(unprepared, new SystemdServiceManager(), false));
        assertEquals(List.of(), unprepared.commands, "a node prepare never touched: nothing run");
    }

    private static String sha(String text) {
        return dev.bootstrap.state.Journal.sha256(text.getBytes(StandardCharsets.UTF_8));
    }
}
