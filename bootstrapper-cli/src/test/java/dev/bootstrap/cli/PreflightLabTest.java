package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code bootstrap preflight} over real SSH on lab nodes: the facts it reports are the nodes' own. */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class PreflightLabTest {

    private static List<String> ssh(Lab lab, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--ssh-key", lab.rootKey().toString(), "--ssh-known-hosts", lab.knownHosts().toString()));
        return all;
    }

    private static JsonNode check(JsonNode host, String name) {
        for (JsonNode c : host.path("checks")) {
            if (c.path("name").asString().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no check " + name + " in " + host);
    }

    @Test
    void preflightReportsEachNodesTrueFactsWithKubeadmsNamesAndSeverities(Lab lab) {
        String n1 = lab.node(1).address();
        String n2 = lab.node(2).address();
        // Something listens on node1's 6443, as a leftover API server would.
        lab.ssh(lab.node(1), "setsid /usr/bin/python3 -m http.server --bind " + n1 + " 6443 >/dev/null 2>&1 </dev/null & "
                + "for i in $(seq 50); do ss -Hltn 'sport = :6443' | grep -q . && break; sleep 0.1; done");
        CliBasicsTest.Run run = CliBasicsTest.run(ssh(lab, "preflight", "--master=root@" + n1, "--node", "root@" + n2,
                "-o", "json").toArray(String[]::new));
        assertEquals(1, run.exit(), "lab nodes have no container runtime: fatal\n" + run.out() + run.err());
        JsonNode hosts = JsonMapper.builder().build().readTree(run.out()).path("hosts");
        for (int i = 0; i < 2; i++) {
            JsonNode node = hosts.get(i).path("node");
            var lnode = lab.node(i + 1);
            assertEquals(lab.ssh(lnode, "hostname").strip(), node.path("hostname").asString());
            assertEquals(lab.ssh(lnode, "uname -r").strip(), node.path("kernel").asString());
            assertEquals(Integer.parseInt(lab.ssh(lnode, "nproc").strip()), node.path("cpus").asInt());
            assertEquals(lab.ssh(lnode, "cat /proc/1/comm").strip(), node.path("pid1").asString());
        }
        JsonNode cp = hosts.get(0);
        JsonNode worker = hosts.get(1);
        assertEquals("control-plane", cp.path("role").asString());
        assertEquals("worker", worker.path("role").asString());
        assertEquals("FAILED", check(cp, "Port-6443").path("result").asString(), "6443 is taken on node1");
        assertEquals("error", check(cp, "Port-6443").path("severity").asString());
        assertEquals("ok", check(cp, "Port-2379").path("result").asString());
        assertEquals("FAILED", check(cp, "InitSystem").path("result").asString(), "the lab's PID 1 is not systemd");
        assertEquals("error", check(worker, "CRI").path("severity").asString());
        assertEquals("ok", check(worker, "FileAvailable--etc-kubernetes-kubelet.conf").path("result").asString());
        assertTrue(check(worker, "ClockSkew").path("result").asString().equals("ok"), "same kernel clock: no skew");
    }

    @Test
    void connectOnlyReportsAuthSudoOsAndKernelPerNode(Lab lab) {
        String n1 = lab.node(1).address();
        String n2 = lab.node(2).address();
        CliBasicsTest.Run run = CliBasicsTest.run(ssh(lab, "preflight", "--connect-only", "--master=root@" + n1,
                "--node", Lab.NONROOT_USER + "@" + n2, "--node", "root@127.0.0.1:1", "-o", "json")
                .toArray(String[]::new));
        assertEquals(1, run.exit(), "one target is unreachable\n" + run.out() + run.err());
        JsonNode hosts = JsonMapper.builder().build().readTree(run.out()).path("hosts");
        assertTrue(hosts.get(0).path("reachable").asBoolean());
        assertEquals("root", hosts.get(0).path("sudo").asString());
        assertTrue(hosts.get(0).path("authMethod").asString().startsWith("publickey"), hosts.get(0).toString());
        assertEquals(lab.ssh(lab.node(1), "uname -r").strip(), hosts.get(0).path("kernel").asString());
        assertTrue(hosts.get(1).path("sudo").asString().startsWith("sudo"), hosts.get(1).toString());
        assertTrue(hosts.get(1).path("sudoOk").asBoolean());
        assertTrue(!hosts.get(2).path("reachable").asBoolean());
        assertTrue(hosts.get(2).path("error").asString().contains("127.0.0.1 port 1"), hosts.get(2).toString());
    }
}
