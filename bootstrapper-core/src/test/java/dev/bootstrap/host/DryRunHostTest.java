package dev.bootstrap.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DryRunHostTest {

    @TempDir
    Path node;
    @TempDir
    Path scratch;

    @Test
    void writesGoToScratchCommandsAreRecordedAndTheNodeIsUntouched() throws Exception {
        LocalHost real = new LocalHost("n1", node);
        real.writeFile("/etc/hosts", "127.0.0.1 localhost\n".getBytes(), 0644);
        DryRunHost dry = new DryRunHost(real, scratch);
        dry.writeFile("/etc/kubernetes/admin.conf", "x".getBytes(), 0600);
        dry.run("touch " + node.resolve("ran"), Duration.ofSeconds(5));
        dry.remove("/etc/hosts");
        assertArrayEquals("x".getBytes(), dry.readFile("/etc/kubernetes/admin.conf").orElseThrow());
        assertArrayEquals("127.0.0.1 localhost\n".getBytes(), dry.readFile("/etc/hosts").orElseThrow());
        assertTrue(Files.exists(scratch.resolve("etc/kubernetes/admin.conf")));
        assertTrue(Files.notExists(node.resolve("etc/kubernetes")), "nothing written on the node");
        assertTrue(Files.notExists(node.resolve("ran")), "nothing run");
        assertTrue(Files.exists(node.resolve("etc/hosts")), "nothing removed");
        List<String> actions = dry.actions();
        assertEquals(3, actions.size());
        assertTrue(actions.get(0).startsWith("write: /etc/kubernetes/admin.conf (mode 0600, 1 bytes)"), actions.get(0));
        assertTrue(actions.get(1).startsWith("run: touch "));
        assertEquals("remove: /etc/hosts", actions.get(2));
    }
}
