package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.KubeletStandIn;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabApi;
import dev.bootstrap.testing.lab.LabClusterFile;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LabNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/lab-rebuild.sh on the lab, twice: reset, up, and the plan check each time; the second
 * rebuild starts from a working cluster and makes a new one (a new CA). The bootstrap it runs is the
 * CLI of this build (BOOTSTRAP=java -cp ...); API STAND-IN, real etcd, lab kubelets as in UpLabTest.
 */
@ExtendWith(LabExtension.class)
@LabNodes(2)
class LabRebuildScriptTest {

    @Test
    void rebuildsTheClusterOfAFileAgainAndAgain(Lab lab, @TempDir Path dir) throws Exception {
        for (LabNode node : lab.nodes()) {
            KubeletStandIn.install(lab, node);
        }
        int port;
        String ca;
        Path file;
        try {
            try (LabApi api = LabApi.start(lab)) {
                port = api.port();
                file = Files.writeString(dir.resolve("cluster.yaml"), LabClusterFile.yaml(lab, "lab", api.upstream(), 2, 10));
                String first = rebuild(file, dir.resolve("first.log"));
                assertTrue(first.contains("=== lab-rebuild: done, the cluster matches " + file), first);
                ca = lab.ssh(lab.node(1), "cat /etc/kubernetes/pki/ca.crt");
                assertEquals(ca, lab.ssh(lab.node(2), "cat /etc/kubernetes/pki/ca.crt"));
            }
            // The reset wipes etcd, and with it everything the API server held: a fresh stand-in on the same port.
            try (LabApi api = LabApi.restart(lab, port)) {
                String second = rebuild(file, dir.resolve("second.log"));
                assertTrue(second.contains("=== lab-rebuild: reset"), second);
                assertTrue(second.contains("Deleted contents of the etcd data directory: /var/lib/etcd"), second);
                assertTrue(second.contains("=== lab-rebuild: done, the cluster matches " + file), second);
                String newCa = lab.ssh(lab.node(1), "cat /etc/kubernetes/pki/ca.crt");
                assertTrue(!newCa.equals(ca), "the rebuild made a new cluster (new CA)");
                assertEquals(newCa, lab.ssh(lab.node(2), "cat /etc/kubernetes/pki/ca.crt"), "node2 joined the new cluster");

                // reset of the whole file: every node is clean again, nothing of the cluster runs.
                CliBasicsTest.Run reset = CliBasicsTest.run("reset", "-f", file.toString(), "--force");
                assertEquals(0, reset.exit(), reset.out() + reset.err());
                for (LabNode node : lab.nodes()) {
                    assertEquals("clean", lab.ssh(node, "if ls -A /etc/kubernetes/pki /etc/kubernetes/manifests "
                            + "/var/lib/etcd /var/lib/kubelet 2>/dev/null | grep -v ':$' | grep -q .; then echo dirty; "
                            + "elif ls /etc/kubernetes/*.conf /etc/kubernetes/bootstrap/journal.json >/dev/null 2>&1; "
                            + "then echo dirty; else echo clean; fi").strip(), node.name());
                    assertEquals("stopped", lab.ssh(node, KubeletStandIn.PATH + " status >/dev/null 2>&1 && echo running "
                            + "|| echo stopped").strip(), node.name());
                }
            }
        } finally {
            lab.nodes().forEach(node -> KubeletStandIn.stop(lab, node));
        }
    }

    private static String rebuild(Path file, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Lab.projectScript("lab-rebuild.sh").toString(), file.toString(),
                "--ignore-preflight-errors=all", "--wait-timeout", "60s").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("BOOTSTRAP", Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName());
        Process p = pb.start();
        try {
            assertTrue(p.waitFor(600, TimeUnit.SECONDS), "lab-rebuild.sh did not finish: " + Files.readString(log));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(0, p.exitValue(), Files.readString(log));
        return Files.readString(log);
    }
}
