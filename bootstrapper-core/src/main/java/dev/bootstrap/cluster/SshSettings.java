package dev.bootstrap.cluster;

import dev.bootstrap.host.ssh.SshConnectOptions;
import java.nio.file.Path;
import java.util.List;

/**
 * SSH settings from the cluster file: the cluster-wide {@code spec.ssh} or one node's {@code ssh}. Null
 * means "not given here" (the cluster-wide value, then ~/.ssh/config and OpenSSH defaults apply).
 *
 * @param jumpHosts       bastions in order ({@code user@host:port}); an empty list means "none" and
 *                        overrides the cluster-wide bastions, null inherits them
 * @param sudoPasswordEnv name of the environment variable holding the sudo password (never the password)
 */
public record SshSettings(String user, Integer port, String keyFile, List<String> jumpHosts, String sudoPasswordEnv,
        String knownHostsFile, Boolean acceptNewHostKeys) {

    static final SshSettings NONE = new SshSettings(null, null, null, null, null, null, null);

    public SshSettings {
        jumpHosts = jumpHosts == null ? null : List.copyOf(jumpHosts);
    }

    /** These settings, with {@code defaults} filling what is not given here. */
    SshSettings over(SshSettings defaults) {
        return new SshSettings(pick(user, defaults.user), pick(port, defaults.port), pick(keyFile, defaults.keyFile),
                pick(jumpHosts, defaults.jumpHosts), pick(sudoPasswordEnv, defaults.sudoPasswordEnv),
                pick(knownHostsFile, defaults.knownHostsFile), pick(acceptNewHostKeys, defaults.acceptNewHostKeys));
    }

    private static <T> T pick(T mine, T fallback) {
        return mine != null ? mine : fallback;
    }

    /** The connection options the SSH layer takes ({@link dev.bootstrap.host.ssh.SshConnector}). */
    public SshConnectOptions toConnectOptions() {
        SshConnectOptions.Builder b = SshConnectOptions.builder().user(user).port(port)
                .jumpHosts(jumpHosts == null ? List.of() : jumpHosts).sudoPasswordEnv(sudoPasswordEnv)
                .acceptNew(Boolean.TRUE.equals(acceptNewHostKeys));
        if (keyFile != null) {
            b.identityFile(Path.of(keyFile));
        }
        if (knownHostsFile != null) {
            b.knownHosts(Path.of(knownHostsFile));
        }
        return b.build();
    }
}
