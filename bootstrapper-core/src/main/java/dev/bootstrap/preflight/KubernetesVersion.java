package dev.bootstrap.preflight;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes version "v1.MINOR.PATCH" as far as preflight needs it (minor comparisons). */
public record KubernetesVersion(int major, int minor, int patch) {

    /** The newest minor this bootstrapper writes artefacts for (kubeadm-facts covers 1.31 to 1.34). */
    public static final KubernetesVersion NEWEST_SUPPORTED = new KubernetesVersion(1, 34, 0);
    /** The default target when none is given. */
    public static final KubernetesVersion DEFAULT = new KubernetesVersion(1, 33, 0);

    private static final Pattern FORM = Pattern.compile("^v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+].*)?$");

    /** Parses "v1.31.2", "1.31.2" or "1.31"; the message names the value and the expected form. */
    public static KubernetesVersion parse(String text) {
        Matcher m = FORM.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid Kubernetes version '" + text + "': expected v1.MINOR.PATCH");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    public boolean minorBelow(int otherMinor) {
        return major == 1 && minor < otherMinor;
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
