package dev.bootstrap.preflight;

import java.util.Map;
import java.util.Optional;

/**
 * The checks a node's preparation makes pass ({@code bootstrap prepare}, up's {@code spec.prepare}), by check name,
 * with the item of {@code spec.prepare} that does it: their fixes say so, since prepare is the fix that also lasts
 * across reboots and that reset undoes.
 */
final class PrepareFixes {

    private static final Map<String, String> ITEMS = Map.of(
            "Swap", "swap", "SwapFstab", "swap",
            "FileContent--proc-sys-net-ipv4-ip_forward", "sysctls",
            "FileContent--proc-sys-net-bridge-bridge-nf-call-iptables", "sysctls",
            "FileContent--proc-sys-net-bridge-bridge-nf-call-ip6tables", "sysctls");

    private PrepareFixes() {
    }

    /** {@code fix}, followed by what prepare does about the check {@code name}, where it does something. */
    static String withPrepare(String name, String fix) {
        return Optional.ofNullable(ITEMS.get(name)).map(item -> by(item, fix)).orElse(fix);
    }

    /** {@code fix}, followed by the spec.prepare {@code item} that does it (for a check whose other failures it cannot fix). */
    static String by(String item, String fix) {
        return (fix.isEmpty() ? "" : fix + "; or ") + "let 'bootstrap prepare' (up: spec.prepare." + item
                + ") do it and record it for reset";
    }
}
