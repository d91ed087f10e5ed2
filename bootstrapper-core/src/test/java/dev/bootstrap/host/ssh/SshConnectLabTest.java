package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.HostException;
import dev.bootstrap.testing.lab.Lab;
import dev.bootstrap.testing.lab.LabExtension;
import dev.bootstrap.testing.lab.LabNode;
import dev.bootstrap.testing.lab.LocalCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to real sshd nodes: key types, agent, ProxyJump, ssh config, host keys, errors. */
@ExtendWith(LabExtension.class)
class SshConnectLabTest {

    private static final Duration T = Duration.ofSeconds(20);

    private static SshHost connect(String target, SshConnectOptions options, Map<String, String> env) {
        return new SshConnector(options, new SecretSource(env, null)).connect(target);
    }

    private static Path keygen(Path dir, String name, String type, String passphrase) {
        Path key = dir.resolve(name);
        LocalCommand.run(List.of("ssh-keygen", "-q", "-t", type, "-N", passphrase, "-C", name, "-f", key.toString()));
        return key;
    }

    private static String pub(Path key) throws IOException {
        return Files.readString(Path.of(key + ".pub")).strip();
    }

    /** "SHA256:..." of a public key file, as OpenSSH's ssh-keygen prints it. */
    private static String fingerprint(Path pubFile) {
        return LocalCommand.run(List.of("ssh-keygen", "-lf", pubFile.toString())).split("\\s+")[1];
    }

    @Test
    void ecdsaAndRsaKeyFilesWithPassphraseFromEnvironment(Lab lab, @TempDir Path dir) throws IOException {
        Path ecdsa = keygen(dir, "id_ecdsa", "ecdsa", "ecdsa-pass");
        Path rsa = keygen(dir, "id_rsa", "rsa", "");
        lab.authorize(lab.node(2), "root", pub(ecdsa));
        lab.authorize(lab.node(2), "root", pub(rsa));
        SshConnectOptions options = lab.sshOptions().identityFiles(List.of(ecdsa)).passphraseEnv("KEY_PASS").build();
        try (SshHost host = connect(lab.node(2).address(), options, Map.of("KEY_PASS", "ecdsa-pass"))) {
            assertEquals("publickey " + ecdsa, host.authMethod());
            assertEquals("node2\n", host.run("hostname", T).stdout());
        }
        try (SshHost host = connect(lab.node(2).address(), lab.sshOptions().identityFiles(List.of(rsa)).build(),
                Map.of())) {
            assertEquals("publickey " + rsa, host.authMethod());
        }
        // encrypted key, no passphrase given: the error says which key and what to do
        HostException e = assertThrows(HostException.class, () -> connect(lab.node(2).address(),
                lab.sshOptions().identityFiles(List.of(ecdsa)).build(), Map.of()));
        assertTrue(e.getMessage().contains(ecdsa.toString()) && e.getMessage().contains("--ssh-passphrase-env"),
                e.getMessage());
    }

    @Test
    void sshAgentKeysAuthenticate(Lab lab, @TempDir Path dir) throws Exception {
        Path rsa = keygen(dir, "agent_rsa", "rsa", "");
        Path ed = keygen(dir, "agent_ed25519", "ed25519", "");
        lab.authorize(lab.node(1), "root", pub(rsa));
        lab.authorize(lab.node(3), "root", pub(ed));
        Path socket = dir.resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
        try {
            for (int i = 0; i < 100 && !Files.exists(socket); i++) {
                Thread.sleep(20);
            }
            Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
            LocalCommand.run(List.of("ssh-add", rsa.toString(), ed.toString()), env);
            // No key files at all: only the agent (found through SSH_AUTH_SOCK) can get us in.
            SshConnectOptions options = lab.sshOptions().identityFiles(List.of()).useAgent(true).build();
            SshConnector connector = new SshConnector(options, new SecretSource(env, null), "root", dir);
            try (SshHost host = connector.connect(lab.node(1).address())) {
                assertTrue(host.authMethod().contains("ssh-agent ssh-rsa " + fingerprint(Path.of(rsa + ".pub"))),
                        host.authMethod());
                assertEquals("node1\n", host.run("hostname", T).stdout());
            }
            try (SshHost host = connector.connect(lab.node(3).address())) {
                assertTrue(host.authMethod().contains("ssh-agent ssh-ed25519 " + fingerprint(Path.of(ed + ".pub"))),
                        host.authMethod());
            }
            // node2 knows neither agent key: the error lists both as tried
            HostException e = assertThrows(HostException.class, () -> connector.connect(lab.node(2).address()));
            assertTrue(e.getMessage().contains(fingerprint(Path.of(rsa + ".pub")))
                    && e.getMessage().contains(fingerprint(Path.of(ed + ".pub"))), e.getMessage());
        } finally {
            agent.destroy();
            agent.waitFor();
        }
    }

    @Test
    void proxyJumpThroughNode1ReachesIsolatedNode3(Lab lab) {
        LabNode n1 = lab.node(1);
        LabNode n2 = lab.node(2);
        LabNode n3 = lab.node(3);
        lab.isolateFromHost(n3);
        try {
            SshConnectOptions direct = lab.sshOptions().connectTimeout(Duration.ofSeconds(1)).build();
            HostException e = assertThrows(HostException.class, () -> connect(n3.address(), direct, Map.of()));
            assertTrue(e.getMessage().contains("cannot connect to " + n3.address() + " port 22"), e.getMessage());

            SshConnectOptions viaNode1 = lab.sshOptions().jumpHosts(List.of("root@" + n1.address())).build();
            try (SshHost host = connect(n3.address(), viaNode1, Map.of())) {
                assertEquals("node3\n", host.run("hostname", T).stdout());
                // node3's sshd sees the connection coming from node1
                assertTrue(host.run("echo $SSH_CONNECTION", T).stdout().startsWith(n1.address() + " "));
            }
            // two bastions, as a comma list: node1 -> node2 -> node3
            SshConnectOptions chain = lab.sshOptions().jumpHosts(List.of(n1.address() + "," + n2.address())).build();
            try (SshHost host = connect(n3.address(), chain, Map.of())) {
                assertEquals(3, host.route().hops().size());
                assertTrue(host.run("echo $SSH_CONNECTION", T).stdout().startsWith(n2.address() + " "));
            }
        } finally {
            lab.reconnectToHost(n3);
        }
    }

    @Test
    void sshConfigAliasWithHostNameUserPortIdentityFileAndProxyJump(Lab lab, @TempDir Path home) throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        Files.copy(lab.rootKey(), home.resolve(".ssh/lab_key"));
        Path config = home.resolve("ssh_config");
        Files.writeString(config, String.join("\n",
                "# the lab, as a user would write it",
                "Host bastion",
                "    HostName " + lab.node(1).address(),
                "    User root",
                "Host n?",
                "    ProxyJump bastion",
                "Host n3",
                "    HostName " + lab.node(3).address(),
                "    User lab",
                "    Port 22",
                "Host *",
                "    IdentityFile ~/.ssh/%r_key",
                "    IdentityFile ~/.ssh/lab_key",
                ""));
        lab.isolateFromHost(lab.node(3));
        try {
            SshConnectOptions options = SshConnectOptions.builder().sshConfig(config).knownHosts(lab.knownHosts())
                    .useAgent(false).connectAttempts(1).build();
            SshConnector connector = new SshConnector(options, new SecretSource(Map.of(), null), "tester", home);
            SshRoute route = connector.route("n3");
            assertEquals(lab.node(1).address(), route.jumps().get(0).address());
            assertEquals("lab", route.target().user());
            try (SshHost host = connector.connect("n3")) {
                assertEquals("lab\n", new String(host.exec("id -un", null, T).stdout()));
                assertEquals("node3\n", host.run("hostname", T).stdout());
                // as the login user: sudo would reset the environment
                assertTrue(new String(host.exec("echo $SSH_CONNECTION", null, T).stdout())
                        .startsWith(lab.node(1).address() + " "));
                assertEquals("publickey " + home.resolve(".ssh/lab_key"), host.authMethod());
            }
        } finally {
            lab.reconnectToHost(lab.node(3));
        }
    }

    @Test
    void labSshConfigAliasesWorkForUsAndForOpenSsh(Lab lab) {
        SshConnectOptions options = SshConnectOptions.builder().sshConfig(lab.sshConfig()).knownHosts(lab.knownHosts())
                .useAgent(false).connectAttempts(1).build();
        try (SshHost host = connect("node2", options, Map.of())) {
            assertEquals(lab.node(2).address(), host.route().target().address());
            assertEquals("node2\n", host.run("hostname", T).stdout());
        }
        assertEquals("node3", LocalCommand.run(List.of("ssh", "-F", lab.sshConfig().toString(), "-o", "BatchMode=yes",
                "node3", "hostname")).strip());
    }

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprintAndAcceptNewRecordsIt(Lab lab, @TempDir Path dir) {
        LabNode n1 = lab.node(1);
        Path knownHosts = dir.resolve("known_hosts");
        SshConnectOptions strict = lab.sshOptions().knownHosts(knownHosts).build();
        HostException e = assertThrows(HostException.class, () -> connect(n1.address(), strict, Map.of()));
        String ed = fingerprint(lab.stateDir().resolve("node1/ssh_host_ed25519_key.pub"));
        String ec = fingerprint(lab.stateDir().resolve("node1/ssh_host_ecdsa_key.pub"));
        assertTrue(e.getMessage().contains("is not known"), e.getMessage());
        assertTrue(e.getMessage().contains(ed) || e.getMessage().contains(ec), e.getMessage());
        assertTrue(e.getMessage().contains("--ssh-accept-new") && e.getMessage().contains("ssh-keyscan"));

        try (SshHost host = connect(n1.address(), strict.toBuilder().acceptNew(true).build(), Map.of())) {
            assertEquals("node1\n", host.run("hostname", T).stdout());
        }
        // The recorded entry is valid for us without accept-new, and for OpenSSH's own strict client.
        try (SshHost host = connect(n1.address(), strict, Map.of())) {
            assertEquals("node1\n", host.run("hostname", T).stdout());
        }
        String out = LocalCommand.run(List.of("ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts, "-i", lab.rootKey().toString(), "-o", "IdentitiesOnly=yes",
                "root@" + n1.address(), "hostname"));
        assertEquals("node1", out.strip());
    }

    @Test
    void changedHostKeyIsAlwaysRefusedNamingBothFingerprints(Lab lab, @TempDir Path dir) throws IOException {
        LabNode n1 = lab.node(1);
        // known_hosts claims node1's address has node2's keys: to us, node1's key "changed".
        Path knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, n1.address() + " " + lab.hostKey(lab.node(2), "ed25519") + "\n"
                + n1.address() + " " + lab.hostKey(lab.node(2), "ecdsa") + "\n");
        for (boolean acceptNew : new boolean[] {false, true}) {
            SshConnectOptions options = lab.sshOptions().knownHosts(knownHosts).acceptNew(acceptNew).build();
            HostException e = assertThrows(HostException.class, () -> connect(n1.address(), options, Map.of()));
            String msg = e.getMessage();
            assertTrue(msg.contains("CHANGED"), msg);
            boolean ed = msg.contains(fingerprint(lab.stateDir().resolve("node2/ssh_host_ed25519_key.pub")))
                    && msg.contains(fingerprint(lab.stateDir().resolve("node1/ssh_host_ed25519_key.pub")));
            boolean ec = msg.contains(fingerprint(lab.stateDir().resolve("node2/ssh_host_ecdsa_key.pub")))
                    && msg.contains(fingerprint(lab.stateDir().resolve("node1/ssh_host_ecdsa_key.pub")));
            assertTrue(ed || ec, "both fingerprints expected: " + msg);
        }
        // nothing was added to the file
        assertEquals(2, Files.readAllLines(knownHosts).size());
    }

    @Test
    void hashedKnownHostsEntriesAreHonoured(Lab lab, @TempDir Path dir) throws IOException {
        Path knownHosts = dir.resolve("known_hosts");
        Files.copy(lab.knownHosts(), knownHosts);
        LocalCommand.run(List.of("ssh-keygen", "-H", "-f", knownHosts.toString()));
        assertTrue(Files.readString(knownHosts).startsWith("|1|"));
        try (SshHost host = connect(lab.node(2).address(), lab.sshOptions().knownHosts(knownHosts).build(), Map.of())) {
            assertEquals("node2\n", host.run("hostname", T).stdout());
        }
    }

    @Test
    void wrongKeyErrorListsWhatWasTried(Lab lab, @TempDir Path dir) {
        Path stranger = keygen(dir, "stranger", "ed25519", "");
        SshConnectOptions options = lab.sshOptions().user("lab").identityFiles(List.of(stranger)).build();
        HostException e = assertThrows(HostException.class, () -> connect(lab.node(1).address(), options, Map.of()));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("[" + lab.node(1).address() + "] authentication failed for user lab at "
                + lab.node(1).address() + " port 22"), msg);
        assertTrue(msg.contains(stranger + " (ssh-ed25519 " + fingerprint(Path.of(stranger + ".pub")) + "): rejected"),
                msg);
        assertTrue(msg.contains("ssh-agent: not used"), msg);
        assertTrue(msg.contains("--ssh-key"), msg);
    }

    @Test
    void closedPortIsRetriedWithBackoffAndTheErrorSaysWhere(Lab lab) {
        SshConnectOptions options = lab.sshOptions().port(2222).connectAttempts(3).build();
        HostException e = assertThrows(HostException.class, () -> connect(lab.node(1).address(), options, Map.of()));
        assertTrue(e.getMessage().contains("cannot connect to " + lab.node(1).address() + " port 2222 (as user root"),
                e.getMessage());
        assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
        assertTrue(e.getMessage().contains("attempt 3:"), e.getMessage());
    }
}
