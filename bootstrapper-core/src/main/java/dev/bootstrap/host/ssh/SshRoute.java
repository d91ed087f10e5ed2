package dev.bootstrap.host.ssh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The way to a node: zero or more bastions (ProxyJump) and the node itself, each resolved from the
 * target string, the command-line options and the ssh config, with command-line values first, then
 * the config, then OpenSSH's defaults.
 */
public record SshRoute(List<SshEndpoint> jumps, SshEndpoint target) {

    private static final int MAX_JUMP_DEPTH = 10;

    public SshRoute {
        jumps = List.copyOf(jumps);
    }

    /** All endpoints in connection order (bastions first). */
    public List<SshEndpoint> hops() {
        List<SshEndpoint> all = new ArrayList<>(jumps);
        all.add(target);
        return all;
    }

    /** Resolves a target string ("user@host:port" or an ssh-config alias). */
    public static SshRoute resolve(String target, SshConnectOptions options, SshConfig config, String localUser,
            Path home) {
        Resolver r = new Resolver(options, config, localUser, home);
        List<String> jumpsFromFlags = options.jumpHosts().stream()
                .flatMap(j -> Arrays.stream(j.split(",")))
                .map(String::strip)
                .filter(j -> !j.isEmpty())
                .toList();
        List<SshEndpoint> chain = r.chain(HostTarget.parse(target), jumpsFromFlags.isEmpty() ? null : jumpsFromFlags,
                true, 0);
        return new SshRoute(chain.subList(0, chain.size() - 1), chain.get(chain.size() - 1));
    }

    private record Resolver(SshConnectOptions options, SshConfig config, String localUser, Path home) {

        /** The endpoints to go through to reach {@code t}, ending with {@code t} itself. */
        List<SshEndpoint> chain(HostTarget t, List<String> jumpOverride, boolean isTarget, int depth) {
            if (depth > MAX_JUMP_DEPTH) {
                throw new IllegalArgumentException("ProxyJump chain deeper than " + MAX_JUMP_DEPTH
                        + " hops at '" + t + "': is there a loop in the ssh config?");
            }
            SshConfigEntry entry = config.resolve(t.host(), localUser, home);
            List<String> jumps = jumpOverride != null ? jumpOverride
                    : entry.proxyJump() == null ? List.of() : entry.proxyJump();
            List<SshEndpoint> out = new ArrayList<>();
            if (!jumps.isEmpty()) {
                // The first bastion may have its own ProxyJump in the config; the others are reached through it.
                out.addAll(chain(HostTarget.parse(jumps.get(0)), null, false, depth + 1));
                for (String hop : jumps.subList(1, jumps.size())) {
                    out.add(endpoint(HostTarget.parse(hop), false));
                }
            }
            out.add(endpoint(t, isTarget));
            return out;
        }

        private SshEndpoint endpoint(HostTarget t, boolean isTarget) {
            SshConfigEntry entry = config.resolve(t.host(), localUser, home);
            String user = first(t.user(), isTarget ? options.user() : null, entry.user(), localUser);
            Integer port = first(t.port(), isTarget ? options.port() : null, entry.port(), 22);
            List<Path> keys = new ArrayList<>(options.identityFiles());
            entry.identityFiles().forEach(k -> keys.add(Path.of(k)));
            return new SshEndpoint(t.host(), entry.hostName(), port, user, keys);
        }

        @SafeVarargs
        private static <T> T first(T... values) {
            for (T v : values) {
                if (v != null) {
                    return v;
                }
            }
            throw new IllegalStateException("no value");
        }
    }
}
