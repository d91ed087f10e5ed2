package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LocalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The connect-only probe against the lab: the nodes' true facts, per user and sudo setup. */
@ExtendWith(LabExtension.class)
class ConnectionProbeLabTest {

    @Test
    void reportsReachabilityAuthSudoOsAndKernelPerHost(Lab lab) throws IOException {
        SshConnectOptions options = lab.sshOptions().user(null).sudoPasswordEnv("PW").build();
        ConnectionProbe probe = new ConnectionProbe(new SshConnector(options,
                new SecretSource(Map.of("PW", lab.labpwPassword()), null)));
        List<ConnectionProbe.Report> reports = probe.probeAll(List.of(
                "root@" + lab.node(1).address(),
                "lab@" + lab.node(2).address(),
                "labpw@" + lab.node(3).address(),
                "root@" + lab.node(1).address() + ":2222"));

        String kernel = LocalCommand.run(List.of("uname", "-r")).strip();
        String pretty = Files.readAllLines(Path.of("/etc/os-release")).stream()
                .filter(l -> l.startsWith("PRETTY_NAME=")).findFirst().orElseThrow()
                .substring("PRETTY_NAME=".length()).replace("\"", "");
        for (ConnectionProbe.Report r : reports.subList(0, 3)) {
            assertTrue(r.reachable(), r.toString());
            assertEquals(kernel, r.kernel());
            assertEquals(pretty, r.os());
            assertTrue(r.sudoOk(), r.toString());
            assertEquals("publickey " + lab.rootKey(), r.authMethod());
        }
        assertEquals("root", reports.get(0).sudo());
        assertEquals("sudo (passwordless)", reports.get(1).sudo());
        assertEquals("sudo (password)", reports.get(2).sudo());

        ConnectionProbe.Report down = reports.get(3);
        assertFalse(down.reachable());
        assertNull(down.kernel());
        assertTrue(down.error().contains("port 2222"), down.error());
    }

    @Test
    void passwordSudoWithoutPasswordIsReportedNotFatal(Lab lab) {
        ConnectionProbe probe = new ConnectionProbe(new SshConnector(lab.sshOptions().user("labpw").build(),
                new SecretSource(Map.of(), null)));
        ConnectionProbe.Report r = probe.probe(lab.node(2).address());
        assertTrue(r.reachable());
        assertFalse(r.sudoOk());
        assertTrue(r.sudo().contains("--sudo-password-env"), r.sudo());
    }
}
