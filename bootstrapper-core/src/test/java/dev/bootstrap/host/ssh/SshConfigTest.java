package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshConfigTest {

    private static final Path HOME = Path.of("/home/me");
    private static final Path FILE = Path.of("/home/me/.ssh/config");

    private static SshConfigEntry resolve(String text, String alias) {
        return SshConfig.parse(FILE, text).resolve(alias, "me", HOME);
    }

    @Test
    void firstObtainedValueWinsAndIdentityFilesAccumulate() {
        String cfg = """
                # comment
                IdentityFile ~/.ssh/global_key
                Host web-*  !web-test
                    HostName %h.internal
                    User deploy
                    Port=2200
                    IdentityFile ~/.ssh/%r@%h
                Host web-1
                    User other
                    Port 22
                Host *
                    User fallback
                    IdentityFile "/keys/with space"
                """;
        SshConfigEntry e = resolve(cfg, "web-1");
        assertEquals("web-1.internal", e.hostName());
        assertEquals("deploy", e.user());
        assertEquals(2200, e.port());
        assertEquals(List.of("/home/me/.ssh/global_key", "/home/me/.ssh/deploy@web-1.internal", "/keys/with space"),
                e.identityFiles());
        assertNull(e.proxyJump());

        SshConfigEntry negated = resolve(cfg, "web-test");
        assertEquals("web-test", negated.hostName());
        assertEquals("fallback", negated.user());
        assertNull(negated.port());
    }

    @Test
    void questionMarkPatternsAndCaseInsensitiveKeywords() {
        String cfg = "HOST n?\n  hostname 10.0.0.%h\n  PROXYJUMP bastion, ops@b2:2222\nHost n10\n  ProxyJump none\n";
        assertEquals(List.of("bastion", "ops@b2:2222"), resolve(cfg, "n1").proxyJump());
        assertEquals(List.of(), resolve(cfg, "n10").proxyJump());
        assertEquals("n10", resolve(cfg, "n10").hostName());
    }

    @Test
    void matchBlocksAreSkipped() {
        String cfg = "Match host x\n  User matched\nHost x\n  User plain\n";
        assertEquals("plain", resolve(cfg, "x").user());
    }

    @Test
    void errorsNameFileAndLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolve("Host a\n  Port http\n", "a"));
        assertEquals(FILE + " line 2: invalid port 'http' in 'Port': expected 1-65535", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SshConfig.parse(FILE, "Host a\nUser\n"));
        assertTrue(e.getMessage().startsWith(FILE + " line 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SshConfig.parse(FILE, "ProxyJump a;b\n"));
        assertTrue(e.getMessage().contains("line 1: ProxyJump"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> resolve("IdentityFile ~/%C\n", "a"));
        assertTrue(e.getMessage().contains("%C"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SshConfig.load(Path.of("/nonexistent/cfg")));
        assertTrue(e.getMessage().contains("--ssh-config"), e.getMessage());
    }
}
