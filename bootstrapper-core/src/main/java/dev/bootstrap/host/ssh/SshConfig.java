package dev.bootstrap.host.ssh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The parts of an OpenSSH client config (ssh_config(5)) that decide where and as whom we connect:
 * Host blocks with * and ? patterns (and !negation), HostName, User, Port, IdentityFile and
 * ProxyJump. As in OpenSSH the first value obtained for a keyword wins, IdentityFile accumulates,
 * and lines before the first Host apply to every host. Match blocks are not supported and are
 * skipped; other keywords are ignored.
 */
public final class SshConfig {

    private record Line(String keyword, String value, int number) {
    }

    private record Block(List<String> patterns, List<Line> lines) {
        boolean matches(String host) {
            boolean positive = false;
            for (String p : patterns) {
                boolean negated = p.startsWith("!");
                if (glob(negated ? p.substring(1) : p).matcher(host).matches()) {
                    if (negated) {
                        return false;
                    }
                    positive = true;
                }
            }
            return positive;
        }
    }

    private final Path file;
    private final List<Block> blocks;

    private SshConfig(Path file, List<Block> blocks) {
        this.file = file;
        this.blocks = blocks;
    }

    /** A config with no entries (no file given and none at ~/.ssh/config). */
    public static SshConfig empty() {
        return new SshConfig(null, List.of());
    }

    /** Reads a config file; a missing file is an error naming it. */
    public static SshConfig load(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("ssh config file " + file + " does not exist (--ssh-config)");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ssh config file " + file + ": " + e.getMessage());
        }
    }

    public static SshConfig parse(Path file, String text) {
        List<Block> blocks = new ArrayList<>();
        Block current = new Block(List.of("*"), new ArrayList<>());
        blocks.add(current);
        int number = 0;
        for (String raw : text.split("\r?\n", -1)) {
            number++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String keyword = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? kv[1].strip() : "";
            if (value.isEmpty()) {
                throw new IllegalArgumentException(where(file, number) + ": '" + kv[0] + "' needs a value");
            }
            switch (keyword) {
                case "host" -> {
                    current = new Block(words(value), new ArrayList<>());
                    blocks.add(current);
                }
                // A Match block never applies here: its lines go to a block nothing matches.
                case "match" -> {
                    current = new Block(List.of(), new ArrayList<>());
                    blocks.add(current);
                }
                default -> current.lines().add(new Line(keyword, unquote(value), number));
            }
        }
        SshConfig config = new SshConfig(file, blocks);
        config.validate();
        return config;
    }

    /** Bad Port and ProxyJump values are reported at load time, naming the line, as OpenSSH does. */
    private void validate() {
        for (Block b : blocks) {
            for (Line l : b.lines()) {
                if (l.keyword().equals("port")) {
                    parsePort(l);
                } else if (l.keyword().equals("proxyjump")) {
                    parseJump(l);
                }
            }
        }
    }

    /** What the config says for a host alias; tokens (%h, %u, %r, %p, ~) are expanded. */
    public SshConfigEntry resolve(String alias, String localUser, Path home) {
        String hostName = null;
        String user = null;
        Integer port = null;
        List<String> identityFiles = new ArrayList<>();
        List<String> proxyJump = null;
        for (Block block : blocks) {
            if (!block.matches(alias)) {
                continue;
            }
            for (Line l : block.lines()) {
                switch (l.keyword()) {
                    case "hostname" -> hostName = hostName == null ? l.value() : hostName;
                    case "user" -> user = user == null ? l.value() : user;
                    case "port" -> port = port == null ? parsePort(l) : port;
                    case "identityfile" -> identityFiles.add(l.value());
                    case "proxyjump" -> proxyJump = proxyJump == null ? parseJump(l) : proxyJump;
                    default -> {
                        // not ours: ssh options that do not change where or as whom we connect
                    }
                }
            }
        }
        String resolvedHost = hostName == null ? alias : hostName.replace("%h", alias).replace("%%", "%");
        Tokens tokens = new Tokens(resolvedHost, localUser, user, port, home);
        List<String> keys = identityFiles.stream().map(tokens::expand).toList();
        return new SshConfigEntry(resolvedHost, user, port, keys, proxyJump);
    }

    private record Tokens(String host, String localUser, String remoteUser, Integer port, Path home) {
        String expand(String value) {
            String v = value.startsWith("~/") ? home + value.substring(1) : value;
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (c != '%' || i + 1 == v.length()) {
                    out.append(c);
                    continue;
                }
                char t = v.charAt(++i);
                out.append(switch (t) {
                    case 'h' -> host;
                    case 'u' -> localUser;
                    case 'r' -> remoteUser == null ? localUser : remoteUser;
                    case 'p' -> String.valueOf(port == null ? 22 : port);
                    case 'd' -> home.toString();
                    case '%' -> "%";
                    default -> throw new IllegalArgumentException("unsupported token %" + t + " in '" + value
                            + "' (supported: %h %u %r %p %d %% and ~)");
                });
            }
            return out.toString();
        }
    }

    private int parsePort(Line l) {
        try {
            return HostTarget.parsePort(l.value(), "Port");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where(file, l.number()) + ": " + e.getMessage());
        }
    }

    private List<String> parseJump(Line l) {
        if (l.value().equalsIgnoreCase("none")) {
            return List.of();
        }
        List<String> hops = Arrays.stream(l.value().split(",")).map(String::strip).toList();
        for (String hop : hops) {
            try {
                HostTarget.parse(hop);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where(file, l.number()) + ": ProxyJump: " + e.getMessage());
            }
        }
        return hops;
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.split("\\s+")).map(SshConfig::unquote).toList();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static String where(Path file, int line) {
        return (file == null ? "ssh config" : file.toString()) + " line " + line;
    }

    /** An ssh_config pattern (* any run, ? one character) as a regex. */
    static Pattern glob(String pattern) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE);
    }
}
