package dev.bootstrap.images;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An image reference as containerd and the kubelet read it (the distribution/reference grammar, normalized as
 * docker's ParseNormalizedNamed does): a first path component with a '.' or ':', or "localhost", is the
 * registry; anything else is on docker.io, a single name under "library/".
 *
 * @param registry   host[:port], e.g. registry.k8s.io, docker.io
 * @param repository the path under the registry, e.g. pause, flannel-io/flannel, library/busybox
 * @param tag        "" when the reference has none
 * @param digest     "" when the reference has none
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
            + "(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}");
    private static final Pattern REGISTRY = Pattern.compile("(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?"
            + "(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])(?::[0-9]+)?");

    /** The reference, or empty when {@code image} is not one. */
    public static Optional<ImageReference> parse(String image) {
        String rest = image;
        String digest = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                return Optional.empty();
            }
        }
        String tag = "";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                if (!REGISTRY.matcher(first).matches()) {
                    return Optional.empty();
                }
                registry = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!REPOSITORY.matcher(rest).matches()) {
            return Optional.empty();
        }
        return Optional.of(new ImageReference(registry, rest, tag, digest));
    }

    /** The same image under another registry prefix (host[:port][/path]). */
    public String under(String prefix) {
        return prefix + "/" + repository + suffix();
    }

    /** ":tag", "@digest", both, or "" (a reference without either means :latest to a runtime). */
    public String suffix() {
        return (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }

    @Override
    public String toString() {
        return registry + "/" + repository + suffix();
    }
}
