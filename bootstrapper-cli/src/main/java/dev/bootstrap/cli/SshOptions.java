package dev.bootstrap.cli;

import dev.bootstrap.host.ssh.SecretSource;
import dev.bootstrap.host.ssh.SshConnectOptions;
import dev.bootstrap.host.ssh.SshConnector;
import java.io.Console;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * How to reach nodes over SSH; mix into a command with {@code @Mixin SshOptions ssh} and call
 * {@link #connector()}. Values not given come from ~/.ssh/config (or --ssh-config), then OpenSSH's
 * defaults. Secrets are named by environment variable, never given on the command line.
 */
public final class SshOptions {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--ssh-user", paramLabel = "USER",
            description = "Login user on the nodes (default: User from the ssh config, else the local user). "
                    + "Non-root users need sudo.")
    String user;

    private Integer port;

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "Private key to offer (ed25519, ECDSA or RSA); repeatable. Default: IdentityFile from "
                    + "the ssh config, else ~/.ssh/id_ed25519, id_ecdsa, id_rsa. ssh-agent keys ($SSH_AUTH_SOCK) "
                    + "are offered too.")
    List<Path> keys = new ArrayList<>();

    @Option(names = "--ssh-config", paramLabel = "FILE",
            description = "OpenSSH client config to read (default: ~/.ssh/config when it exists).")
    Path config;

    @Option(names = "--ssh-known-hosts", paramLabel = "FILE",
            description = "known_hosts file to check host keys against (default: ~/.ssh/known_hosts).")
    Path knownHosts;

    @Option(names = "--ssh-accept-new",
            description = "Record the host key of a host not yet in known_hosts (trust on first use). A changed "
                    + "key is still refused.")
    boolean acceptNew;

    @Option(names = "--ssh-jump", paramLabel = "HOST[,HOST...]", split = ",",
            description = "Bastion(s) to go through, like ssh -J: [user@]host[:port], repeatable or comma "
                    + "separated, in order. Overrides ProxyJump from the ssh config.")
    List<String> jumpHosts = new ArrayList<>();

    private String sudoPasswordEnv;
    private String passphraseEnv;

    @Option(names = "--ssh-port", paramLabel = "PORT", description = "SSH port (default: Port from the ssh config, else 22).")
    void port(int value) {
        if (value < 1 || value > 65535) {
            throw new ParameterException(spec.commandLine(), "invalid --ssh-port " + value + ": expected 1-65535");
        }
        port = value;
    }

    @Option(names = "--sudo-password-env", paramLabel = "NAME",
            description = "Environment variable holding the sudo password for non-root users whose sudo asks "
                    + "for one (default: prompt when interactive, else sudo -n).")
    void sudoPasswordEnv(String name) {
        sudoPasswordEnv = envName("--sudo-password-env", name);
    }

    @Option(names = "--ssh-passphrase-env", paramLabel = "NAME",
            description = "Environment variable holding the passphrase of encrypted keys (default: prompt when "
                    + "interactive).")
    void passphraseEnv(String name) {
        passphraseEnv = envName("--ssh-passphrase-env", name);
    }

    private String envName(String flag, String name) {
        if (!ENV_NAME.matcher(name).matches()) {
            throw new ParameterException(spec.commandLine(), "invalid " + flag
                    + " value: give the NAME of an environment variable (letters, digits, _), not the secret itself");
        }
        return name;
    }

    /** The options record the core connects with. */
    public SshConnectOptions toOptions() {
        return SshConnectOptions.builder()
                .user(user)
                .port(port)
                .identityFiles(keys)
                .sshConfig(config)
                .knownHosts(knownHosts)
                .acceptNew(acceptNew)
                .jumpHosts(jumpHosts.stream().map(String::strip).filter(s -> !s.isEmpty()).toList())
                .sudoPasswordEnv(sudoPasswordEnv)
                .passphraseEnv(passphraseEnv)
                .build();
    }

    /** A connector reading secrets from the named variables, else asking on the console (never echoed). */
    public SshConnector connector() {
        try {
            return new SshConnector(toOptions(), secrets());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** Secrets from the environment, else asked on the terminal (passphrases, sudo passwords). */
    static SecretSource secrets() {
        return new SecretSource(System.getenv(), SshOptions::askConsole);
    }

    private static Optional<char[]> askConsole(String question) {
        Console console = System.console();
        return console == null ? Optional.empty() : Optional.ofNullable(console.readPassword("%s", question));
    }
}
