package dev.bootstrap.config;

import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version such as {@code v1.34.1}; "1.34.1" is accepted and normalised. */
public record KubernetesVersion(int major, int minor, int patch, String suffix) {

    /** Release order: major, minor, patch (a pre-release suffix is not compared). */
    public static final Comparator<KubernetesVersion> RELEASE_ORDER = Comparator.comparingInt(KubernetesVersion::major)
            .thenComparingInt(KubernetesVersion::minor).thenComparingInt(KubernetesVersion::patch);

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

    /** The default target: the newest patch this bootstrapper covers ({@link VersionTable#DEFAULT_VERSION}). */
    public static final KubernetesVersion DEFAULT = parse(VersionTable.DEFAULT_VERSION).orElseThrow();
    /** The newest minor this bootstrapper writes artefacts for. */
    public static final KubernetesVersion NEWEST_SUPPORTED = new KubernetesVersion(1, VersionTable.NEWEST_MINOR, 0, "");

    /** Parses a user-given version; the message names the value and the expected form. */
    public static KubernetesVersion require(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("invalid Kubernetes version '" + text
                + "': expected v1.MINOR.PATCH, e.g. " + VersionTable.DEFAULT_VERSION));
    }

    public boolean minorBelow(int otherMinor) {
        return major == 1 && minor < otherMinor;
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

    /** The version an image tag names, the reverse of {@link #imageTag()}; empty when the tag is no version. */
    public static Optional<KubernetesVersion> fromImageTag(String tag) {
        return parse(tag.replace('_', '+'));
    }
}
