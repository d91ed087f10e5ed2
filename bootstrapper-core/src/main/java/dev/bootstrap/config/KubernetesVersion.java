package dev.bootstrap.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version such as {@code v1.34.1}; "1.34.1" is accepted and normalised. */
public record KubernetesVersion(int major, int minor, int patch, String suffix) {

    private static final Pattern SEMVER = Pattern.compile(
            "v?(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)([-+][0-9A-Za-z.+-]+)?");

    public static Optional<KubernetesVersion> parse(String text) {
        Matcher m = SEMVER.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4)));
    }

    /** "v1.34.1". */
    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch + suffix;
    }

    /** The image tag of the control-plane images: the version with '+' replaced by '_'. */
    public String imageTag() {
        return toString().replace('+', '_');
    }
}
