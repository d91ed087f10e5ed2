package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.host.ssh.SshConnectOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class SshOptionsTest {

    @Command(name = "probe")
    static final class Probe implements Runnable {
        @Mixin
        SshOptions ssh;
        SshConnectOptions parsed;

        @Override
        public void run() {
            parsed = ssh.toOptions();
        }
    }

    private record Result(int exit, Probe command, String err) { }

    private static Result run(String... args) {
        Probe probe = new Probe();
        CommandLine cli = new CommandLine(probe);
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        return new Result(cli.execute(args), probe, err.toString());
    }

    @Test
    void flagsMapIntoTheOptionsRecord() {
        Result r = run("--ssh-user", "ubuntu", "--ssh-port", "2222", "--ssh-key", "/k/a", "--ssh-key", "/k/b",
                "--ssh-config", "/c/config", "--ssh-known-hosts", "/c/kh", "--ssh-accept-new",
                "--ssh-jump", "bastion1,ops@b2:2200", "--ssh-jump", "b3",
                "--sudo-password-env", "SUDO_PW", "--ssh-passphrase-env", "KEY_PW");
        assertEquals(0, r.exit(), r.err());
        SshConnectOptions o = r.command().parsed;
        assertEquals("ubuntu", o.user());
        assertEquals(2222, o.port());
        assertEquals(List.of(Path.of("/k/a"), Path.of("/k/b")), o.identityFiles());
        assertEquals(Path.of("/c/config"), o.sshConfig());
        assertEquals(Path.of("/c/kh"), o.knownHosts());
        assertTrue(o.acceptNew());
        assertEquals(List.of("bastion1", "ops@b2:2200", "b3"), o.jumpHosts());
        assertEquals("SUDO_PW", o.sudoPasswordEnv());
        assertEquals("KEY_PW", o.passphraseEnv());
    }

    @Test
    void defaultsLeaveEverythingToTheSshConfig() {
        Result r = run();
        assertEquals(0, r.exit(), r.err());
        SshConnectOptions o = r.command().parsed;
        assertNull(o.user());
        assertNull(o.port());
        assertFalse(o.acceptNew());
        assertEquals(List.of(), o.identityFiles());
        assertEquals(List.of(), o.jumpHosts());
    }

    @Test
    void badValuesAreUsageErrorsNamingTheFlag() {
        Result port = run("--ssh-port", "70000");
        assertEquals(2, port.exit());
        assertTrue(port.err().contains("--ssh-port 70000"), port.err());
        // a secret pasted where a variable name belongs is refused, and not echoed back as a name
        Result env = run("--sudo-password-env", "hunter2!");
        assertEquals(2, env.exit());
        assertTrue(env.err().contains("--sudo-password-env"), env.err());
        assertFalse(env.err().contains("hunter2"), env.err());
    }
}
