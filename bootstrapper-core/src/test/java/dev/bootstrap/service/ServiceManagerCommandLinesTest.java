package dev.bootstrap.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.HostException;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.testing.RecordingHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command lines the systemd and OpenRC managers send, as {@link RecordingHost} sees them, and the
 * words they reach the tools with: a real sh runs each line with recorders named systemctl,
 * rc-update and rc-service first on PATH (this machine's own service manager is never touched). A
 * recorder writes its name and each argument in brackets; it fails for the verb in $FAIL_ON, and
 * "is-active"/"status" succeed only while the file $ACTIVE exists.
 */
class ServiceManagerCommandLinesTest {

    private static final String RECORDER = """
            #!/bin/sh
            { printf '%s' "${0##*/}"; for a in "$@"; do printf ' [%s]' "$a"; done; printf '\\n'; } >> "$LOG"
            for a in "$@"; do [ "$a" = "$FAIL_ON" ] && exit 1; done
            case "$1 $2" in
              is-active*|*" status") [ -f "$ACTIVE" ] || exit 3 ;;
            esac
            exit 0
            """;

    @TempDir
    Path dir;

    private Path log;
    private Path active;

    @BeforeEach
    void recorders() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : List.of("systemctl", "rc-update", "rc-service")) {
            Files.writeString(bin.resolve(tool), RECORDER);
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        log = dir.resolve("calls.log");
        active = dir.resolve("active");
    }

    private RecordingHost host(String failOn) {
        return new RecordingHost(new LocalHost(), List.of("env", "PATH=" + dir.resolve("bin") + ":/usr/bin:/bin",
                "LOG=" + log, "ACTIVE=" + active, "FAIL_ON=" + failOn));
    }

    private List<String> calls() throws Exception {
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }

    @Test
    void systemdReloadsEnablesAndRestartsStopsAndAsksIsActive() throws Exception {
        RecordingHost host = host("");
        ServiceManager systemd = new SystemdServiceManager();
        assertEquals("systemd", systemd.kind());
        systemd.restart(host, "kubelet");
        assertFalse(systemd.isActive(host, "kubelet"));
        Files.createFile(active);
        assertTrue(systemd.isActive(host, "kubelet"));
        systemd.stop(host, "kubelet");
        assertEquals(List.of("systemctl daemon-reload && systemctl enable kubelet && systemctl restart kubelet",
                "systemctl is-active --quiet kubelet", "systemctl is-active --quiet kubelet", "systemctl stop kubelet"),
                host.commands());
        assertEquals(List.of("systemctl [daemon-reload]", "systemctl [enable] [kubelet]", "systemctl [restart] [kubelet]",
                "systemctl [is-active] [--quiet] [kubelet]", "systemctl [is-active] [--quiet] [kubelet]",
                "systemctl [stop] [kubelet]"), calls());
    }

    @Test
    void systemdStopsAtTheFirstFailingStepAndSaysWhichCommand() throws Exception {
        RecordingHost host = host("enable");
        HostException e = assertThrows(HostException.class, () -> new SystemdServiceManager().restart(host, "kubelet"));
        assertTrue(e.getMessage().contains("systemctl enable kubelet"), e.getMessage());
        assertEquals(List.of("systemctl [daemon-reload]", "systemctl [enable] [kubelet]"), calls(), "no restart");
        // stop of a service that is not there is not an error
        new SystemdServiceManager().stop(host("stop"), "kubelet");
    }

    @Test
    void openRcAddsToTheDefaultRunlevelAndRestartsStopsAndAsksStatus() throws Exception {
        RecordingHost host = host("");
        ServiceManager openrc = new OpenRcServiceManager();
        assertEquals("openrc", openrc.kind());
        openrc.restart(host, "kubelet");
        assertFalse(openrc.isActive(host, "kubelet"));
        Files.createFile(active);
        assertTrue(openrc.isActive(host, "kubelet"));
        openrc.stop(host, "kubelet");
        assertEquals(List.of("rc-update add kubelet default && rc-service kubelet restart", "rc-service kubelet status",
                "rc-service kubelet status", "rc-service kubelet stop"), host.commands());
        assertEquals(List.of("rc-update [add] [kubelet] [default]", "rc-service [kubelet] [restart]",
                "rc-service [kubelet] [status]", "rc-service [kubelet] [status]", "rc-service [kubelet] [stop]"), calls());
        RecordingHost failing = host("add");
        assertThrows(HostException.class, () -> openrc.restart(failing, "kubelet"));
        assertEquals("rc-update [add] [kubelet] [default]", calls().get(calls().size() - 1), "no restart after a failed add");
    }

    @Test
    void anOddServiceNameReachesBothToolsAsOneWord() throws Exception {
        String name = "kube let's; touch " + dir.resolve("pwned");
        new SystemdServiceManager().restart(host(""), name);
        new OpenRcServiceManager().stop(host(""), name);
        assertEquals(List.of("systemctl [daemon-reload]", "systemctl [enable] [" + name + "]",
                "systemctl [restart] [" + name + "]", "rc-service [" + name + "] [stop]"), calls());
        assertFalse(Files.exists(dir.resolve("pwned")));
    }
}
