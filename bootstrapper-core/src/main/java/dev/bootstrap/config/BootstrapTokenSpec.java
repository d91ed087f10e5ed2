package dev.bootstrap.config;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An entry of {@code bootstrapTokens}. {@code token} is "" when bootstrap should generate one at init.
 * The token is a secret: it never appears in an error message or in {@link #toString()}.
 */
public record BootstrapTokenSpec(String token, String description, Duration ttl, String expires,
                                 List<String> usages, List<String> groups) {

    public static final String DEFAULT_GROUP = "system:bootstrappers:kubeadm:default-node-token";
    static final Pattern TOKEN = Pattern.compile("[a-z0-9]{6}\\.[a-z0-9]{16}");
    private static final List<String> USAGES = List.of("signing", "authentication");

    static final BootstrapTokenSpec DEFAULT = new BootstrapTokenSpec("", "", Duration.ofHours(24), "",
            USAGES, List.of(DEFAULT_GROUP));

    static BootstrapTokenSpec read(ConfigNode node) {
        ConfigNode.Fields f = node.fields("token", "description", "ttl", "expires", "usages", "groups");
        String token = f.get("token", BootstrapTokenSpec::readToken, "");
        String expires = f.get("expires", n -> {
            try {
                OffsetDateTime.parse(n.string());
                return n.string();
            } catch (DateTimeParseException e) {
                throw n.invalid("an RFC 3339 time such as 2030-01-02T15:04:05Z");
            }
        }, "");
        List<String> usages = f.get("usages").map(n -> n.list(u -> {
            u.oneOf(USAGES);
            return u.string();
        })).orElse(DEFAULT.usages());
        List<String> groups = f.get("groups").map(n -> n.list(g -> {
            if (!g.string().matches("system:bootstrappers:[a-z0-9:-]{0,255}[a-z0-9]")) {
                throw g.invalid("a valid bootstrap group (system:bootstrappers:...)");
            }
            return g.string();
        })).orElse(DEFAULT.groups());
        return new BootstrapTokenSpec(token, f.string("description", ""),
                f.get("ttl", ConfigNode::duration, DEFAULT.ttl()), expires, usages, groups);
    }

    static String readToken(ConfigNode n) {
        if (!TOKEN.matcher(n.string()).matches()) {
            throw n.error("the token does not match [a-z0-9]{6}.[a-z0-9]{16} (value not shown: it is a secret)");
        }
        return n.string();
    }

    Map<String, Object> toYaml() {
        Map<String, Object> m = new LinkedHashMap<>();
        ClusterConfiguration.putIfSet(m, "description", description);
        ClusterConfiguration.putIfSet(m, "expires", expires);
        m.put("groups", groups);
        ClusterConfiguration.putIfSet(m, "token", token);
        m.put("ttl", GoDuration.format(ttl));
        m.put("usages", usages);
        return m;
    }

    @Override
    public String toString() {
        return "BootstrapTokenSpec[token=" + (token.isEmpty() ? "<generated>" : token.substring(0, 6) + ".<secret>")
                + ", ttl=" + GoDuration.format(ttl) + ", usages=" + usages + ", groups=" + groups + "]";
    }
}
