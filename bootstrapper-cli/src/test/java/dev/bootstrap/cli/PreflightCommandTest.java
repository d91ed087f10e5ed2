package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** bootstrap preflight on this machine (the real gather script through LocalHost). */
class PreflightCommandTest {

    private static JsonNode json(CliBasicsTest.Run run) {
        return JsonMapper.shared().readTree(run.out());
    }

    private static List<String> names(JsonNode host) {
        List<String> names = new ArrayList<>();
        host.path("checks").forEach(c -> names.add(c.path("name").asString()));
        return names;
    }

    @Test
    void jsonReportsTheLocalControlPlaneAndExitsOneOnlyOnUnignoredErrors(@TempDir Path rootfs) throws Exception {
        CliBasicsTest.Run run = CliBasicsTest.run("preflight", "--rootfs", rootfs.toString(), "-o", "json");
        JsonNode root = json(run);
        JsonNode host = root.path("hosts").get(0);
        assertEquals("localhost", host.path("host").asString());
        assertEquals("control-plane", host.path("role").asString());
        assertEquals(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip(), host.path("node").path("kernel").asString());
        assertTrue(names(host).containsAll(List.of("IsPrivilegedUser", "Port-6443", "DirAvailable--var-lib-etcd", "InitSystem")));
        boolean anyError = false;
        for (JsonNode c : host.path("checks")) {
            anyError |= c.path("severity").asString().equals("error") && c.path("result").asString().equals("FAILED");
        }
        assertEquals(anyError, root.path("fatal").asBoolean());
        assertEquals(anyError ? 1 : 0, run.exit());

        CliBasicsTest.Run all = CliBasicsTest.run("preflight", "--rootfs", rootfs.toString(), "-o", "json",
                "--ignore-preflight-errors=all");
        assertEquals(0, all.exit(), all.out());
        assertFalse(json(all).path("fatal").asBoolean());
    }

    @Test
    void anEarlierClusterUnderRootfsFailsTheFileChecks(@TempDir Path rootfs) throws Exception {
        Files.createDirectories(rootfs.resolve("etc/kubernetes/manifests"));
        Files.writeString(rootfs.resolve("etc/kubernetes/manifests/kube-apiserver.yaml"), "kind: Pod\n");
        CliBasicsTest.Run run = CliBasicsTest.run("preflight", "--master", "--rootfs", rootfs.toString());
        assertEquals(1, run.exit());
        assertTrue(run.out().contains("\t[ERROR FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]: "
                + "/etc/kubernetes/manifests/kube-apiserver.yaml already exists"), run.out());
        assertTrue(run.out().startsWith("HOST "), "a table with a header");
        assertTrue(run.out().contains("[preflight] localhost (control-plane): "));
    }

    @Test
    void anUnreachableNodeIsThatNodesErrorAndTheOthersStillRun(@TempDir Path rootfs) {
        CliBasicsTest.Run run = CliBasicsTest.run("preflight", "--master=localhost", "--node", "root@127.0.0.1:1", "--node", "localhost",
                "--rootfs", rootfs.toString(), "-o", "json", "--ignore-preflight-errors=all");
        assertEquals(1, run.exit(), "node1 could not be checked");
        JsonNode hosts = json(run).path("hosts");
        assertEquals(3, hosts.size());
        assertTrue(hosts.get(0).path("reachable").asBoolean());
        JsonNode node1 = hosts.get(1);
        assertEquals("worker", node1.path("role").asString());
        assertFalse(node1.path("reachable").asBoolean());
        assertTrue(node1.path("error").asString().startsWith("[root@127.0.0.1:1] cannot connect to 127.0.0.1 port 1"),
                node1.path("error").asString());
        assertTrue(names(hosts.get(2)).contains("FileAvailable--etc-kubernetes-kubelet.conf"));
        assertTrue(names(hosts.get(2)).contains("ClockSkew"), "compared with the control plane's clock");
    }

    @Test
    void aConfigFileDecidesTheBindPortEtcdAndCidrChecks(@TempDir Path rootfs) throws Exception {
        Path config = rootfs.resolve("kubeadm.yaml");
        Files.writeString(config, """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint:
                  bindPort: 8443
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.32.4
                networking:
                  serviceSubnet: 10.100.0.0/16
                  podSubnet: 10.244.0.0/16
                etcd:
                  external:
                    endpoints: [http://127.0.0.1:1]
                    caFile: /etc/etcd/ca.crt
                """);
        CliBasicsTest.Run run = CliBasicsTest.run("preflight", "--rootfs", rootfs.toString(), "-o", "json",
                "--config", config.toString());
        JsonNode host = json(run).path("hosts").get(0);
        List<String> names = names(host);
        assertTrue(names.contains("Port-8443") && !names.contains("Port-6443"), names.toString());
        assertFalse(names.contains("Port-2379") || names.contains("DirAvailable--var-lib-etcd"), names.toString());
        assertEquals(2, names.stream().filter("HTTPProxyCIDR"::equals).count(), "service and pod subnet");
        for (JsonNode c : host.path("checks")) {
            if (c.path("name").asString().startsWith("ExternalEtcd")) {
                assertEquals("FAILED", c.path("result").asString(), c.toString());
            }
        }
        assertTrue(names.containsAll(List.of("ExternalEtcdVersion", "ExternalEtcdClientCertificates")), names.toString());
        assertEquals(1, run.exit(), "nothing answers at 127.0.0.1:1 and the CA file is not under the rootfs");
        CliBasicsTest.Run newer = CliBasicsTest.run("preflight", "--rootfs", rootfs.toString(), "-o", "json",
                "--config", config.toString(), "--kubernetes-version", "v1.38.0");
        assertTrue(newer.out().contains("Kubernetes version is greater than kubeadm version"), "the flag wins over the file");
    }

    /** As init: the file's nodeRegistration.ignorePreflightErrors and the flag's names both count. */
    @Test
    void theConfigFilesIgnoredErrorsCountAlongWithTheFlags(@TempDir Path rootfs) throws Exception {
        Path manifests = Files.createDirectories(rootfs.resolve("etc/kubernetes/manifests"));
        Files.writeString(manifests.resolve("kube-apiserver.yaml"), "kind: Pod\n");
        Files.writeString(manifests.resolve("kube-scheduler.yaml"), "kind: Pod\n");
        Path config = Files.writeString(rootfs.resolve("kubeadm.yaml"), """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                nodeRegistration:
                  ignorePreflightErrors: [FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml]
                """);
        String apiserver = "FileAvailable--etc-kubernetes-manifests-kube-apiserver.yaml";
        String scheduler = "FileAvailable--etc-kubernetes-manifests-kube-scheduler.yaml";
        JsonNode fileOnly = json(CliBasicsTest.run("preflight", "--rootfs", rootfs.toString(), "-o", "json",
                "--config", config.toString())).path("hosts").get(0);
        assertEquals("ignored", outcome(fileOnly, apiserver));
        assertEquals("FAILED", outcome(fileOnly, scheduler));
        JsonNode both = json(CliBasicsTest.run("preflight", "--rootfs", rootfs.toString(), "-o", "json",
                "--config", config.toString(), "--ignore-preflight-errors", scheduler)).path("hosts").get(0);
        assertEquals("ignored", outcome(both, apiserver));
        assertEquals("ignored", outcome(both, scheduler));
    }

    private static String outcome(JsonNode host, String check) {
        for (JsonNode c : host.path("checks")) {
            if (c.path("name").asString().equals(check)) {
                return c.path("result").asString();
            }
        }
        throw new AssertionError("no check " + check + " in " + names(host));
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        CliBasicsTest.Run all = CliBasicsTest.run("preflight", "--ignore-preflight-errors", "all,Swap");
        assertEquals(2, all.exit());
        assertTrue(all.err().contains("don't specify individual checks if 'all' is used"), all.err());
        CliBasicsTest.Run version = CliBasicsTest.run("preflight", "--kubernetes-version", "banana");
        assertEquals(2, version.exit());
        assertTrue(version.err().contains("--kubernetes-version: invalid Kubernetes version 'banana'"), version.err());
    }

    @Test
    void workersGetTheHttpProxyCheckForTheControlPlaneEndpoint(@TempDir Path rootfs) {
        CliBasicsTest.Run run = CliBasicsTest.run("preflight", "--node", "localhost", "--control-plane-endpoint",
                "10.0.0.5:6443", "--rootfs", rootfs.toString(), "-o", "json");
        JsonNode worker = json(run).path("hosts").get(0);
        assertEquals("worker", worker.path("role").asString());
        String message = "";
        for (JsonNode c : worker.path("checks")) {
            if (c.path("name").asString().equals("HTTPProxy")) {
                message = c.path("message").asString();
            }
        }
        assertTrue(message.contains("https://10.0.0.5"), message);
        assertEquals("10.0.0.5", PreflightCommand.hostOf("10.0.0.5:6443"));
        assertEquals("fd00::1", PreflightCommand.hostOf("[fd00::1]:6443"));
        assertEquals("fd00::1", PreflightCommand.hostOf("fd00::1"));
        assertEquals("cp.example.org", PreflightCommand.hostOf("cp.example.org"));
    }
}
