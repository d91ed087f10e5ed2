package dev.bootstrap.host.ssh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a node is, as a user writes it: {@code host}, {@code user@host}, {@code user@host:port},
 * {@code [v6addr]:port}, or an alias of ~/.ssh/config. User and port are null when not given.
 */
public record HostTarget(String user, String host, Integer port) {

    // Host names, addresses and ssh-config aliases: no whitespace, quotes or shell metacharacters.
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._%-]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9._][A-Za-z0-9._-]*\\$?");
    private static final Pattern V6 = Pattern.compile("\\[([0-9A-Fa-f:.%a-z]+)](?::(\\d+))?");

    public HostTarget {
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("host target needs a host name or address");
        }
    }

    /** Parses a target; a clear {@link IllegalArgumentException} naming the input when it is not one. */
    public static HostTarget parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty host target: expected host, user@host or user@host:port");
        }
        String rest = text.strip();
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("invalid user '" + user + "' in host target '" + text + "'");
            }
        }
        String host = rest;
        Integer port = null;
        Matcher v6 = V6.matcher(rest);
        if (v6.matches()) {
            host = v6.group(1);
            port = v6.group(2) == null ? null : parsePort(v6.group(2), text);
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                host = rest.substring(0, colon);
                port = parsePort(rest.substring(colon + 1), text);
            }
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("invalid host '" + host + "' in host target '" + text
                        + "': only letters, digits, '.', '-', '_' are allowed (use [addr]:port for IPv6)");
            }
        }
        return new HostTarget(user, host, port);
    }

    static int parsePort(String value, String context) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("invalid port '" + value + "' in '" + context + "': expected 1-65535");
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (user == null ? "" : user + "@") + h + (port == null ? "" : ":" + port);
    }
}
