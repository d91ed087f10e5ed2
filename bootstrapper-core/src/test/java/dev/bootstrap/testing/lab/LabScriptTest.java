package dev.bootstrap.testing.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** scripts/lab.sh itself: what up builds, that labs coexist, and that down removes all and only its own. */
class LabScriptTest {

    private static final String PREFIX = "it" + ProcessHandle.current().pid();

    @BeforeAll
    static void requirements() {
        LabExtension.requireLabSupport();
    }

    private static List<Long> recordedPids(Lab lab) throws IOException {
        return Files.readAllLines(lab.stateDir().resolve("pids")).stream()
                .flatMap(l -> List.of(l.split("\\s+")).subList(1, 3).stream())
                .map(Long::parseLong).toList();
    }

    private static boolean alive(long pid) {
        // a zombie waiting for the machine's init to reap it is not running any more
        return ProcessHandle.of(pid).isPresent() && !procState(pid).equals("Z");
    }

    private static String procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (IOException e) {
            return "gone";
        }
    }

    private static String netnsList() {
        return LocalCommand.run(List.of("ip", "netns", "list"));
    }

    @Test
    void upBuildsNodesAndDownRemovesEverything() throws Exception {
        Lab lab = Lab.up(PREFIX + "a", 2);
        List<Long> pids;
        String ns1;
        try {
            pids = recordedPids(lab);
            assertEquals(4, pids.size());
            pids.forEach(pid -> assertTrue(alive(pid), "recorded PID " + pid + " not running"));
            ns1 = lab.netns(lab.node(1));
            assertTrue(netnsList().contains(ns1));
            assertEquals("node2", lab.ssh(lab.node(2), "hostname").strip());
            // the node's view: its own PID namespace, read-only base, no default route
            assertTrue(lab.ssh(lab.node(1), "tr '\\0' ' ' </proc/1/cmdline").contains("init.sh"));
            assertTrue(lab.ssh(lab.node(1), "touch /lab-ro-check 2>&1 || true").contains("Read-only file system"));
            assertEquals("", lab.ssh(lab.node(1), "ip route show default").strip());

            // `up` of the same name replaces the old lab
            Lab again = Lab.up(PREFIX + "a", 1);
            assertEquals(1, again.nodes().size());
            pids.forEach(pid -> assertFalse(alive(pid), "old lab PID " + pid + " still running"));
            pids = recordedPids(again);
            lab = again;
        } finally {
            lab.close();
        }
        for (long pid : pids) {
            assertFalse(alive(pid), "PID " + pid + " survived down");
        }
        assertFalse(netnsList().contains(ns1), netnsList());
        assertFalse(Files.exists(lab.stateDir()));
        assertFalse(LocalCommand.run(List.of("ip", "-br", "link")).contains(ns1));
    }

    @Test
    void twoLabsRunSideBySideOnSeparateSubnets() {
        try (Lab a = Lab.up(PREFIX + "b", 1); Lab b = Lab.up(PREFIX + "c", 1)) {
            assertNotEquals(a.node(1).address(), b.node(1).address());
            assertNotEquals(a.netns(a.node(1)), b.netns(b.node(1)));
            assertEquals("node1", a.ssh(a.node(1), "hostname").strip());
            assertEquals("node1", b.ssh(b.node(1), "hostname").strip());
            // no route between the labs: each node only knows its own /27
            assertFalse(a.ssh(a.node(1), "ip route").contains(b.node(1).address().substring(0, 9) + "."
                    + (Integer.parseInt(b.node(1).address().split("\\.")[3]) - 11)));
        }
    }

    @Test
    void downKillsOnlyProcessesThatAreStillTheLabs() throws Exception {
        Process bystander = new ProcessBuilder("sleep", "300").start();
        try {
            Lab lab = Lab.up(PREFIX + "d", 1);
            // A recorded PID that now belongs to someone else (PID reuse) must not be killed.
            Files.writeString(lab.stateDir().resolve("pids"), "node9 " + bystander.pid() + " " + bystander.pid() + "\n",
                    java.nio.file.StandardOpenOption.APPEND);
            lab.close();
            assertTrue(bystander.isAlive(), "down killed a process that was not the lab's");
        } finally {
            bystander.destroy();
            bystander.waitFor();
        }
    }
}
