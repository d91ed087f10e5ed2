package dev.bootstrap.token;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A bootstrap token {@code <id>.<secret>} (6 + 16 characters of [a-z0-9]). {@link #toString()}
 * hides the secret so a token never lands in a log by accident; {@link #value()} is the full token
 * for the places that must show it (the join command) or send it (discovery).
 */
public record BootstrapToken(String id, String secret) {

    public static final Pattern TOKEN = Pattern.compile("\\A([a-z0-9]{6})\\.([a-z0-9]{16})\\z");
    public static final Pattern ID = Pattern.compile("\\A([a-z0-9]{6})\\z");
    private static final String CHARSET = "0123456789abcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();

    public BootstrapToken {
        if (!ID.matcher(id).matches() || !secret.matches("[a-z0-9]{16}")) {
            throw new IllegalArgumentException("a bootstrap token is [a-z0-9]{6}.[a-z0-9]{16}");
        }
    }

    /** A new random token, drawn as kubeadm does (one CSPRNG byte per character, bytes >= 252 rejected). */
    public static BootstrapToken generate() {
        return new BootstrapToken(randomString(6), randomString(16));
    }

    /**
     * Parses a token given by a user; {@code where} names the flag or field for the error, which
     * never repeats the value (it may be a real secret with a typo).
     */
    public static BootstrapToken parse(String value, String where) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(where + ": not a valid bootstrap token; the format is "
                    + "[a-z0-9]{6}.[a-z0-9]{16} (generate one with 'bootstrap token generate')");
        }
        return new BootstrapToken(value.substring(0, 6), value.substring(7));
    }

    /** The whole token, {@code id.secret}. */
    public String value() {
        return id + "." + secret;
    }

    /** The name of the Secret that holds this token in kube-system. */
    public String secretName() {
        return "bootstrap-token-" + id;
    }

    @Override
    public String toString() {
        return id + ".<redacted>";
    }

    private static String randomString(int length) {
        StringBuilder sb = new StringBuilder(length);
        byte[] one = new byte[1];
        while (sb.length() < length) {
            RANDOM.nextBytes(one);
            int b = one[0] & 0xff;
            if (b >= 252) {
                continue; // 252 = 7 * 36: rejecting the rest keeps every character equally likely
            }
            sb.append(CHARSET.charAt(b % 36));
        }
        return sb.toString();
    }
}
