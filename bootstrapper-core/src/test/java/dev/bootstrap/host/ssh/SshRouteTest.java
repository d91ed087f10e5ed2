package dev.bootstrap.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SshRouteTest {

    private static final Path HOME = Path.of("/home/me");
    private static final SshConfig CONFIG = SshConfig.parse(Path.of("cfg"), """
            Host bastion
                HostName 192.0.2.10
                User jump
                Port 2022
                ProxyJump outer
            Host outer
                HostName 198.51.100.1
            Host db
                HostName 10.1.0.5
                ProxyJump bastion,inner
            Host loop
                ProxyJump loop
            """);

    private static SshRoute route(String target, SshConnectOptions options) {
        return SshRoute.resolve(target, options, CONFIG, "me", HOME);
    }

    @Test
    void flagsWinOverConfigForTheTargetOnly() {
        SshConnectOptions options = SshConnectOptions.builder().user("admin").port(2200)
                .identityFile(Path.of("/k/id")).build();
        SshRoute r = route("db", options);
        assertEquals(List.of("me@198.51.100.1:22", "jump@192.0.2.10:2022", "me@inner:22", "admin@10.1.0.5:2200"),
                r.hops().stream().map(SshEndpoint::describe).toList());
        assertEquals(List.of(Path.of("/k/id")), r.target().identityFiles());
        // a user in the target string beats --ssh-user
        assertEquals("ops", route("ops@db", options).target().user());
    }

    @Test
    void jumpFlagsReplaceConfigProxyJumpAndAcceptCommaLists() {
        SshConnectOptions options = SshConnectOptions.builder().jumpHosts(List.of("a@j1:2, j2", "j3")).build();
        SshRoute r = route("db", options);
        assertEquals(List.of("a@j1:2", "me@j2:22", "me@j3:22", "me@10.1.0.5:22"),
                r.hops().stream().map(SshEndpoint::describe).toList());
        assertEquals(List.of(), route("plainhost", SshConnectOptions.defaults()).jumps());
    }

    @Test
    void proxyJumpLoopsAreReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> route("loop", SshConnectOptions.defaults()));
        assertTrue(e.getMessage().contains("loop"), e.getMessage());
    }

    @Test
    void knownHostsLineFingerprintMatchesSshKeygen() {
        // `ssh-keygen -lf` printed SHA256:9GYPJAEfgi4xj3DBYEqS0ptqgeJM6/JKMh1dgIsO53E for this key
        String line = "|1|abc=|def= ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBDqKrr44so8oSd+3A2hhg0l1n/uUYObHEpe5cczzVk6 c";
        assertEquals("ssh-ed25519 SHA256:9GYPJAEfgi4xj3DBYEqS0ptqgeJM6/JKMh1dgIsO53E",
                KnownHostsVerifier.fingerprintOfLine(line));
        assertEquals("ssh-ed25519 SHA256:9GYPJAEfgi4xj3DBYEqS0ptqgeJM6/JKMh1dgIsO53E",
                KnownHostsVerifier.fingerprintOfLine("@revoked " + line));
        assertEquals("(malformed entry)", KnownHostsVerifier.fingerprintOfLine("host-only"));
    }
}
