package dev.bootstrap.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.HostException;
import dev.bootstrap.preflight.NodeFacts.ModuleState;
import dev.bootstrap.preflight.NodeFacts.RuntimeSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FactsParserTest {

    @Test
    void readsEveryFactOfAReadyUbuntuNode() {
        NodeFacts f = Fixtures.facts("ubuntu-22.04-ready");
        assertEquals("ubuntu", f.osId());
        assertEquals("Ubuntu 22.04.4 LTS", f.osName());
        assertEquals(OsFamily.DEBIAN, f.osFamily());
        assertEquals("5.15.0-105-generic", f.kernel());
        assertEquals("systemd", f.pid1());
        assertEquals(0, f.euid());
        assertEquals(2, f.cpus());
        assertEquals(4013572, f.memTotalKiB());
        assertEquals(List.of(), f.activeSwaps());
        assertEquals(List.of(), f.fstabSwaps());
        assertTrue(f.cgroupV2());
        assertEquals(Set.of("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc"), f.cgroupControllers());
        assertEquals(ModuleState.LOADED, f.module("br_netfilter"));
        assertEquals(ModuleState.AVAILABLE, f.module("ip_vs"));
        assertEquals(ModuleState.MISSING, f.module("nf_conntrack_ipv4"));
        assertEquals(Optional.of("1"), f.sysctl("net/ipv4/ip_forward"));
        assertEquals(Optional.of("0"), f.sysctl("net/ipv6/conf/default/forwarding"));
        assertEquals(Optional.of("/usr/sbin/conntrack"), f.tool("conntrack"));
        assertEquals(13, f.tools().size());
        assertEquals(List.of(
                new RuntimeSocket("/var/run/docker.sock", false, false),
                new RuntimeSocket("/var/run/containerd/containerd.sock", true, true),
                new RuntimeSocket("/var/run/crio/crio.sock", false, false),
                new RuntimeSocket("/var/run/cri-dockerd.sock", false, false)), f.sockets());
        assertEquals(Optional.of(true), f.runtimeConfig().containerdSystemdCgroup());
        assertFalse(f.runtimeConfig().containerdCriDisabled());
        assertEquals(Optional.of("v1.33.1"), f.kubeletVersion());
        assertEquals("enabled", f.kubeletService());
        assertEquals("inactive", f.firewalld());
        assertEquals("", f.selinuxEnforce());
        assertEquals("cp1", f.hostname());
        assertTrue(f.hostnameResolves());
        assertEquals(List.of("192.168.56.10", "fd00:56::10"), f.addresses());
        assertEquals(Set.of(53, 22, 41921), Fixtures.listeningPorts(f));
        assertEquals(Set.of(), f.existingFiles());
        assertEquals(new NodeFacts.DirState("/var/lib/etcd", "absent"), f.etcdDir());
        assertEquals(List.of(), f.etcdVersions());
        assertEquals(Set.of("vmx"), f.cpuVirtFlags());
        assertEquals(Map.of(), f.proxyEnv());
        assertEquals(Optional.of(Instant.ofEpochSecond(1795370000L, 123456789L)), f.nodeTime());
        assertEquals(Optional.of(Duration.ZERO), f.clockOffset());
    }

    @Test
    void listenersOnSlashRunMatchSocketsProbedUnderVarRun() {
        // Docker binds /run/docker.sock; kubeadm and the script name /var/run/docker.sock (a symlink).
        NodeFacts f = Fixtures.facts("ubuntu-22.04-docker-containerd");
        assertTrue(ContainerRuntime.dockerListening(f));
        assertEquals(Optional.of("systemd"), f.runtimeConfig().dockerCgroupDriver());
        assertTrue(f.runtimeConfig().containerdCriDisabled());
    }

    @Test
    void aSocketFileWithoutListenerIsNotAnswering() {
        NodeFacts f = Fixtures.facts("ubuntu-20.04-docker-dead");
        RuntimeSocket docker = ContainerRuntime.find(f, ContainerRuntime.DOCKER_SOCKET).orElseThrow();
        assertTrue(docker.exists());
        assertFalse(docker.listening(), "only a connected (non-listening) socket line names it");
        assertEquals(List.of("/swap.img"), f.activeSwaps());
        assertEquals(List.of("/swap.img\tnone\tswap\tsw\t0\t0"), f.fstabSwaps());
    }

    @Test
    void cgroupV1ControllersComeFromProcCgroups() {
        NodeFacts f = Fixtures.facts("centos-7-docker-cgroupfs");
        assertFalse(f.cgroupV2());
        assertTrue(f.cgroupControllers().containsAll(SystemChecks.CGROUPS_V1), f.cgroupControllers().toString());
        assertEquals(OsFamily.RHEL_LEGACY, f.osFamily());
        assertEquals(Optional.empty(), f.runtimeConfig().dockerCgroupDriver());
    }

    @Test
    void proxyCredentialsAreMaskedAndUpperCaseWins() {
        String text = Fixtures.text("ubuntu-22.04-ready").replace("### proxy-env\n",
                "### proxy-env\nhttps_proxy=http://lower:secret@proxy-a:3128\nHTTPS_PROXY=http://alice:s3cr3t@proxy.corp:3128\n"
                        + "no_proxy=localhost,10.0.0.0/8\n");
        NodeFacts f = FactsParser.parse("n", text, Instant.EPOCH);
        assertEquals("http://***@proxy.corp:3128", f.proxyEnv().get("https_proxy"));
        assertFalse(f.toString().contains("s3cr3t") || f.toString().contains("secret"), "no password kept in facts");
        assertEquals("localhost,10.0.0.0/8", f.proxyEnv().get("no_proxy"));
    }

    @Test
    void busyboxDateWithoutNanosecondsStillGivesTheTime() {
        String text = Fixtures.text("ubuntu-22.04-ready").replace("1795370000123456789", "1795370000N");
        assertEquals(Optional.of(Instant.ofEpochSecond(1795370000L)),
                FactsParser.parse("n", text, Instant.EPOCH).nodeTime());
    }

    @Test
    void cutOffOutputIsAnErrorNamingTheHost() {
        String text = Fixtures.text("ubuntu-22.04-ready");
        String cut = text.substring(0, text.indexOf("### tcp-listen"));
        HostException e = assertThrows(HostException.class, () -> FactsParser.parse("node2", cut, Instant.EPOCH));
        assertEquals("[node2] preflight facts are incomplete: the output ends after section 'addresses'; "
                + "the fact-gathering script was cut off", e.getMessage());
        assertThrows(HostException.class, () -> FactsParser.parse("node2", "sh: 1: syntax error", Instant.EPOCH));
    }

    @Test
    void unexpectedProbeOutputIsAClearHostError() {
        String text = Fixtures.text("ubuntu-22.04-ready").replace("br_netfilter loaded", "br_netfilter unknown-state");
        HostException e = assertThrows(HostException.class, () -> FactsParser.parse("node3", text, Instant.EPOCH));
        assertTrue(e.getMessage().startsWith("[node3] cannot read the preflight facts the node reported: "), e.getMessage());
    }

    @Test
    void crictlInfoIsReadPastAWarningAndAnUnreadableAnswerIsKeptAsTheError() {
        NodeFacts f = FactsParser.parse("n", "### format\n1\n### cri-info\n"
                + "/run/containerd/containerd.sock\t0\tWARN[0000] some crictl warning {\"status\": {\"conditions\": "
                + "[{\"type\": \"RuntimeReady\", \"status\": true}]}, \"config\": {\"sandboxImage\": \"registry.k8s.io/pause:3.8\"}}\n"
                + "/var/run/crio/crio.sock\t0\tnot json\n### end\n", Instant.EPOCH);
        NodeFacts.CriStatus containerd = f.criStatus("/var/run/containerd/containerd.sock").orElseThrow();
        assertTrue(containerd.answered() && containerd.conditions().get("RuntimeReady").status());
        assertEquals(Optional.of("registry.k8s.io/pause:3.8"), containerd.sandboxImage());
        NodeFacts.CriStatus crio = f.criStatus("/run/crio/crio.sock").orElseThrow();
        assertFalse(crio.answered());
        assertTrue(crio.error().startsWith("crictl info printed no readable JSON: "), crio.error());
        assertFalse(f.kernelConfig().probed(), "no kernel-config section: not probed");
    }
}
