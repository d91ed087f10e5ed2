package dev.bootstrap.host.ssh;

import dev.bootstrap.host.HostException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.SSHClient;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.keyprovider.KeyProvider;
import net.schmizz.sshj.userauth.method.AuthMethod;
import net.schmizz.sshj.userauth.method.AuthPublickey;
import net.schmizz.sshj.userauth.password.PasswordFinder;
import net.schmizz.sshj.userauth.password.Resource;

/**
 * Opens {@link SshHost}s: resolves the route (ssh config, flags, ProxyJump), connects hop by hop
 * (each bastion tunnels the next with a direct-tcpip channel), checks host keys, authenticates with
 * key files and ssh-agent keys, and retries network failures with backoff. Host-key and auth
 * failures are not retried: they would fail the same way.
 */
public final class SshConnector {

    private static final String[] DEFAULT_KEYS = {"id_ed25519", "id_ecdsa", "id_rsa"};
    private static volatile DefaultConfig sharedConfig;

    private final SshConnectOptions options;
    private final SecretSource secrets;
    private final SshConfig sshConfig;
    private final String localUser;
    private final Path home;

    public SshConnector(SshConnectOptions options, SecretSource secrets) {
        this(options, secrets, System.getProperty("user.name"), Path.of(System.getProperty("user.home")));
    }

    /** With an explicit local user and home directory (for ~ and %u, and the default files). */
    public SshConnector(SshConnectOptions options, SecretSource secrets, String localUser, Path home) {
        this.options = options;
        this.secrets = secrets;
        this.localUser = localUser;
        this.home = home;
        Path configFile = options.sshConfig() != null ? options.sshConfig() : home.resolve(".ssh/config");
        this.sshConfig = options.sshConfig() != null || Files.isRegularFile(configFile)
                ? SshConfig.load(configFile) : SshConfig.empty();
    }

    /** Where a target string leads (no network). */
    public SshRoute route(String target) {
        return SshRoute.resolve(target, options, sshConfig, localUser, home);
    }

    /** Connects to a node; the result holds one SSH connection (plus one per bastion) until closed. */
    public SshHost connect(String target) {
        return connect(target, target);
    }

    /** As {@link #connect(String)}, the host named {@code name} in messages and reports (a cluster file's node name). */
    public SshHost connect(String target, String name) {
        SshRoute route;
        try {
            route = route(target);
        } catch (IllegalArgumentException e) {
            throw new HostException(name, e.getMessage(), e);
        }
        List<SSHClient> clients = new ArrayList<>();
        try {
            String authMethod = null;
            for (SshEndpoint hop : route.hops()) {
                SSHClient previous = clients.isEmpty() ? null : clients.get(clients.size() - 1);
                HopConnection c = connectHop(name, route, hop, previous);
                clients.add(c.client());
                authMethod = c.authMethod();
            }
            return new SshHost(name, route, clients, authMethod, options, secrets);
        } catch (RuntimeException e) {
            closeAll(clients);
            throw e;
        }
    }

    private record HopConnection(SSHClient client, String authMethod) {
    }

    private HopConnection connectHop(String target, SshRoute route, SshEndpoint hop, SSHClient via) {
        Path knownHosts = options.knownHosts() != null ? options.knownHosts() : home.resolve(".ssh/known_hosts");
        List<String> failures = new ArrayList<>();
        long backoffMs = 250;
        for (int attempt = 1; attempt <= options.connectAttempts(); attempt++) {
            KnownHostsVerifier verifier = new KnownHostsVerifier(knownHosts, options.acceptNew());
            SSHClient client = new SSHClient(config());
            client.addHostKeyVerifier(verifier);
            client.setConnectTimeout((int) options.connectTimeout().toMillis());
            client.getTransport().setTimeoutMs((int) options.connectTimeout().toMillis());
            try {
                if (via == null) {
                    client.connect(hop.address(), hop.port());
                } else {
                    client.connectVia(via.newDirectConnection(hop.address(), hop.port()), hop.address(), hop.port());
                }
            } catch (IOException | RuntimeException e) {
                closeAll(List.of(client));
                if (verifier.refusal() != null) {
                    throw new HostException(target, where(route, hop) + verifier.refusal(), e);
                }
                failures.add("attempt " + attempt + ": " + describe(e));
                if (attempt < options.connectAttempts()) {
                    sleep(backoffMs);
                    backoffMs *= 2;
                }
                continue;
            }
            try {
                return new HopConnection(client, authenticate(target, route, hop, client));
            } catch (RuntimeException e) {
                closeAll(List.of(client));
                throw e;
            }
        }
        throw new HostException(target, where(route, hop) + "cannot connect to " + hop.address() + " port "
                + hop.port() + " (as user " + hop.user() + "; no key was offered yet) after " + options.connectAttempts() + " attempts (" + String.join("; ", failures)
                + "). Check that the node is up, sshd listens on that port and no firewall blocks it"
                + (route.jumps().isEmpty() ? "" : ", and that the bastion can reach it") + ".");
    }

    /** Offers key files, then agent keys, one at a time; returns how it got in. */
    private String authenticate(String target, SshRoute route, SshEndpoint hop, SSHClient client) {
        List<String> offered = new ArrayList<>();
        for (Path key : keyFiles(hop)) {
            Passphrase passphrase = new Passphrase(key);
            KeyProvider provider;
            String label;
            try {
                provider = client.loadKeys(key.toString(), passphrase);
                label = "key file " + key + " (" + Fingerprints.describe(provider.getPublic()) + ")";
            } catch (IOException | RuntimeException e) {
                offered.add("key file " + key + ": not usable (" + passphrase.explain(describe(e)) + ")");
                continue;
            }
            if (tryAuth(client, hop.user(), new AuthPublickey(provider))) {
                return "publickey " + key;
            }
            offered.add(label + ": " + passphrase.explain("rejected"));
        }
        String agentNote = tryAgent(client, hop, offered);
        if (agentNote.startsWith("publickey")) {
            return agentNote;
        }
        throw new HostException(target, where(route, hop) + "authentication failed for user " + hop.user()
                + " at " + hop.address() + " port " + hop.port() + ". Tried: "
                + (offered.isEmpty() ? "no keys" : String.join("; ", offered)) + "; " + agentNote
                + ". Give the right key with --ssh-key FILE (or IdentityFile in the ssh config), load it into "
                + "ssh-agent, or check the user (--ssh-user) and the node's authorized_keys.");
    }

    /** Tries each agent key; returns "publickey ..." on success, otherwise what happened with the agent. */
    private String tryAgent(SSHClient client, SshEndpoint hop, List<String> offered) {
        if (!options.useAgent()) {
            return "ssh-agent: not used (disabled)";
        }
        Optional<Path> socket = Optional.ofNullable(options.agentSocket())
                .or(() -> secrets.env("SSH_AUTH_SOCK").map(Path::of));
        if (socket.isEmpty()) {
            return "ssh-agent: not used (SSH_AUTH_SOCK is not set)";
        }
        try (AgentClient agent = AgentClient.open(socket.get())) {
            List<AgentClient.Identity> ids = agent.identities();
            for (AgentClient.Identity id : ids) {
                if (tryAuth(client, hop.user(), new AgentAuthMethod(agent, id))) {
                    return "publickey ssh-agent " + id.describe();
                }
                offered.add("ssh-agent key " + id.describe() + ": rejected");
            }
            return "ssh-agent at " + socket.get() + ": " + (ids.isEmpty() ? "holds no keys" : ids.size() + " keys offered");
        } catch (IOException e) {
            return "ssh-agent: " + e.getMessage();
        }
    }

    private static boolean tryAuth(SSHClient client, String user, AuthMethod method) {
        try {
            client.auth(user, method);
            return client.isAuthenticated();
        } catch (UserAuthException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("connection lost during authentication: " + describe(e), e);
        }
    }

    private List<Path> keyFiles(SshEndpoint hop) {
        if (!hop.identityFiles().isEmpty()) {
            return hop.identityFiles();
        }
        List<Path> defaults = new ArrayList<>();
        for (String name : DEFAULT_KEYS) {
            Path p = home.resolve(".ssh").resolve(name);
            if (Files.isRegularFile(p)) {
                defaults.add(p);
            }
        }
        return defaults;
    }

    /** Supplies a key's passphrase once and remembers whether one was needed, for the error message. */
    private final class Passphrase implements PasswordFinder {
        private final Path key;
        private boolean asked;
        private boolean missing;

        Passphrase(Path key) {
            this.key = key;
        }

        @Override
        public char[] reqPassword(Resource<?> resource) {
            asked = true;
            Optional<char[]> p = secrets.secret(options.passphraseEnv(), "key " + key, "Passphrase for " + key + ": ");
            missing = p.isEmpty();
            return p.orElseThrow(() -> new IllegalStateException("key " + key + " is encrypted"));
        }

        @Override
        public boolean shouldRetry(Resource<?> resource) {
            return false;
        }

        String explain(String otherwise) {
            if (missing) {
                return "encrypted and no passphrase was given: set --ssh-passphrase-env NAME";
            }
            return asked ? otherwise + " (after decrypting with the given passphrase; is it the right one?)" : otherwise;
        }
    }

    private static String where(SshRoute route, SshEndpoint hop) {
        if (route.jumps().isEmpty()) {
            return "";
        }
        List<String> path = route.hops().stream().map(SshEndpoint::describe).toList();
        return (hop == route.target() ? "via " : "at bastion " + hop.describe() + " on the way ")
                + String.join(" -> ", path) + ": ";
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null || t.getMessage().isBlank())) {
            t = t.getCause();
        }
        String msg = t.getMessage() == null ? "" : ": " + t.getMessage();
        return t.getClass().getSimpleName() + msg;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to reconnect", e);
        }
    }

    static void closeAll(List<SSHClient> clients) {
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (IOException | RuntimeException ignored) {
                // closing: the connection is gone either way
            }
        }
    }

    /** sshj's algorithm setup is costly (provider lookups); one is shared by every connection. */
    private static DefaultConfig config() {
        DefaultConfig c = sharedConfig;
        if (c == null) {
            synchronized (SshConnector.class) {
                if (sharedConfig == null) {
                    sharedConfig = new DefaultConfig();
                }
                c = sharedConfig;
            }
        }
        return c;
    }
}
