package dev.bootstrap.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.HostException;
import dev.bootstrap.host.LocalHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real background process started, checked and stopped through explicit commands. */
class CommandServiceManagerTest {

    @TempDir
    Path dir;

    @Test
    void startsChecksAndStopsARealProcess() throws Exception {
        Path pid = dir.resolve("svc.pid");
        String p = pid.toString();
        ServiceManager sm = new CommandServiceManager(
                "setsid sleep 600 >/dev/null 2>&1 </dev/null & echo $! > '" + p + "'",
                "[ -f '" + p + "' ] && kill \"$(cat '" + p + "')\"; rm -f '" + p + "'",
                "[ -f '" + p + "' ] && kill -0 \"$(cat '" + p + "')\"");
        LocalHost host = new LocalHost();
        assertFalse(sm.isActive(host, "kubelet"));
        sm.restart(host, "kubelet");
        assertTrue(sm.isActive(host, "kubelet"));
        long first = Long.parseLong(Files.readString(pid).strip());
        sm.restart(host, "kubelet");
        long second = Long.parseLong(Files.readString(pid).strip());
        assertTrue(first != second, "restart replaced the process");
        assertTrue(gone(first), "old process ended");
        sm.stop(host, "kubelet");
        assertFalse(sm.isActive(host, "kubelet"));
        sm.stop(host, "kubelet");
        assertTrue(gone(second), "stopped process ended");
    }

    /** Dead or a zombie waiting for this machine's PID 1 to reap it (which can take seconds here). */
    static boolean gone(long pid) throws Exception {
        for (int i = 0; i < 50; i++) {
            Path stat = Path.of("/proc", Long.toString(pid), "stat");
            if (!Files.exists(stat) || Files.readString(stat).replaceFirst("^.*\\) ", "").startsWith("Z")) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    @Test
    void theServiceNameReachesTheCommandAsAVariableNotAsCode() throws Exception {
        Path out = dir.resolve("name");
        ServiceManager sm = new CommandServiceManager("printf %s \"$SERVICE\" > '" + out + "'", "true", "true");
        sm.restart(new LocalHost(), "kubelet; touch " + dir.resolve("pwned"));
        assertEquals("kubelet; touch " + dir.resolve("pwned"), Files.readString(out));
        assertFalse(Files.exists(dir.resolve("pwned")));
    }

    @Test
    void aFailingOrExitingStopDoesNotKeepRestartFromStarting() throws Exception {
        Path started = dir.resolve("started");
        for (String stop : new String[] {"echo not running >&2; exit 1", "false", "# a comment"}) {
            Files.deleteIfExists(started);
            new CommandServiceManager("touch '" + started + "'", stop, "true").restart(new LocalHost(), "kubelet");
            assertTrue(Files.exists(started), "not started after stop: " + stop);
        }
    }

    @Test
    void aFailingStartIsAnErrorWithTheHostAndMissingCommandsAreNamed() {
        ServiceManager sm = new CommandServiceManager("echo no runtime >&2; exit 3", "true", "false");
        HostException e = assertThrows(HostException.class, () -> sm.restart(new LocalHost(), "kubelet"));
        assertTrue(e.getMessage().startsWith("[localhost] command failed (exit 3)"), e.getMessage());
        assertTrue(e.getMessage().contains("no runtime"));
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> new CommandServiceManager("x", "", "y"));
        assertTrue(m.getMessage().contains("serviceManager.commands.stop"));
    }
}
