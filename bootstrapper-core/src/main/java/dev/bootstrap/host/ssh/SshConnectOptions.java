package dev.bootstrap.host.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How to reach nodes over SSH, as given on the command line. Null/empty means "not given": the
 * node's ~/.ssh/config entry, then OpenSSH's defaults apply.
 *
 * @param user              login user (--ssh-user), else ssh config User, else the local user
 * @param port              port (--ssh-port), else ssh config Port, else 22
 * @param identityFiles     private keys to offer (--ssh-key), in addition to ssh config IdentityFile
 * @param sshConfig         ssh config file (--ssh-config); null = ~/.ssh/config when it exists
 * @param knownHosts        known_hosts file (--ssh-known-hosts); null = ~/.ssh/known_hosts
 * @param acceptNew         record unknown host keys (--ssh-accept-new); changed keys are always refused
 * @param jumpHosts         bastions in order (--ssh-jump); overrides ssh config ProxyJump
 * @param sudoPasswordEnv   name of the environment variable holding the sudo password
 * @param passphraseEnv     name of the environment variable holding the key passphrase
 * @param connectTimeout    TCP connect + handshake timeout per attempt
 * @param connectAttempts   attempts before giving up (with backoff between them)
 * @param agentSocket       ssh-agent socket; null = $SSH_AUTH_SOCK
 * @param useAgent          offer the agent's keys when an agent socket is known
 */
public record SshConnectOptions(String user, Integer port, List<Path> identityFiles, Path sshConfig,
        Path knownHosts, boolean acceptNew, List<String> jumpHosts, String sudoPasswordEnv,
        String passphraseEnv, Duration connectTimeout, int connectAttempts, Path agentSocket, boolean useAgent) {

    public SshConnectOptions {
        identityFiles = List.copyOf(identityFiles == null ? List.of() : identityFiles);
        jumpHosts = List.copyOf(jumpHosts == null ? List.of() : jumpHosts);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
        if (connectAttempts < 1) {
            throw new IllegalArgumentException("connectAttempts must be at least 1");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new IllegalArgumentException("invalid --ssh-port " + port + ": expected 1-65535");
        }
    }

    public static SshConnectOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.user = user;
        b.port = port;
        b.identityFiles = new ArrayList<>(identityFiles);
        b.sshConfig = sshConfig;
        b.knownHosts = knownHosts;
        b.acceptNew = acceptNew;
        b.jumpHosts = new ArrayList<>(jumpHosts);
        b.sudoPasswordEnv = sudoPasswordEnv;
        b.passphraseEnv = passphraseEnv;
        b.connectTimeout = connectTimeout;
        b.connectAttempts = connectAttempts;
        b.agentSocket = agentSocket;
        b.useAgent = useAgent;
        return b;
    }

    /** Builds options step by step (the CLI mixin and tests). */
    public static final class Builder {
        private String user;
        private Integer port;
        private List<Path> identityFiles = new ArrayList<>();
        private Path sshConfig;
        private Path knownHosts;
        private boolean acceptNew;
        private List<String> jumpHosts = new ArrayList<>();
        private String sudoPasswordEnv;
        private String passphraseEnv;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private int connectAttempts = 3;
        private Path agentSocket;
        private boolean useAgent = true;

        public Builder user(String v) { user = v; return this; }
        public Builder port(Integer v) { port = v; return this; }
        public Builder identityFile(Path v) { identityFiles.add(v); return this; }
        public Builder identityFiles(List<Path> v) { identityFiles = new ArrayList<>(v); return this; }
        public Builder sshConfig(Path v) { sshConfig = v; return this; }
        public Builder knownHosts(Path v) { knownHosts = v; return this; }
        public Builder acceptNew(boolean v) { acceptNew = v; return this; }
        public Builder jumpHosts(List<String> v) { jumpHosts = new ArrayList<>(v); return this; }
        public Builder sudoPasswordEnv(String v) { sudoPasswordEnv = v; return this; }
        public Builder passphraseEnv(String v) { passphraseEnv = v; return this; }
        public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
        public Builder connectAttempts(int v) { connectAttempts = v; return this; }
        public Builder agentSocket(Path v) { agentSocket = v; return this; }
        public Builder useAgent(boolean v) { useAgent = v; return this; }

        public SshConnectOptions build() {
            return new SshConnectOptions(user, port, identityFiles, sshConfig, knownHosts, acceptNew, jumpHosts,
                    sudoPasswordEnv, passphraseEnv, connectTimeout, connectAttempts, agentSocket, useAgent);
        }
    }
}
