package dev.bootstrap.runtime;

import dev.bootstrap.config.ConfigException;
import dev.bootstrap.net.HostPort;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One upstream registry and its mirrors in the order containerd tries them, written as
 * {@code /etc/containerd/certs.d/<registry>/hosts.toml} (containerd's docs/hosts.md).
 */
public final class RegistryMirrors {

    /**
     * A mirror as an image prefix: scheme, host and the repository path under which it keeps the upstream's
     * images, e.g. {@code https://registry.aliyuncs.com/google_containers} for registry.k8s.io. containerd adds
     * the distribution API root {@code /v2} after a host's path unless {@code override_path} is set, when the
     * path must be that root itself (core/remotes/docker/config/hosts.go, parseHostConfig); so a mirror
     * with a path is written as {@code https://host/v2/path} with override_path.
     */
    public static final class Mirror {

        private final String scheme;
        private final String authority;
        private final String path;

        private Mirror(String scheme, String authority, String path) {
            this.scheme = scheme;
            this.authority = authority;
            this.path = path;
        }

        /** {@code where} names the field holding {@code url} in errors. */
        public static Mirror parse(String url, String where) {
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new ConfigException(where + ": mirror \"" + url + "\" is not a URL: " + e.getReason());
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw new ConfigException(where + ": mirror \"" + url + "\" must be an http:// or https:// URL");
            }
            if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawQuery() != null
                    || uri.getRawFragment() != null) {
                throw new ConfigException(where + ": mirror \"" + url
                        + "\" must be scheme://host[:port][/path], without user, query or fragment");
            }
            String path = uri.getRawPath().replaceAll("/+$", "");
            if (path.contains("//") || path.matches("(.*/)?\\.{1,2}(/.*)?")) {
                throw new ConfigException(where + ": mirror \"" + url + "\" has an empty, . or .. path segment");
            }
            if (path.equals("/v2") || path.startsWith("/v2/")) {
                throw new ConfigException(where + ": mirror \"" + url + "\" must not hold containerd's /v2 API"
                        + " root: give the repository path alone, e.g. https://registry.aliyuncs.com/google_containers");
            }
            return new Mirror(scheme, uri.getRawAuthority().toLowerCase(Locale.ROOT), path);
        }

        /** The [host."..."] key of hosts.toml. */
        public String hostUrl() {
            return scheme + "://" + authority + (overridePath() ? "/v2" + path : "");
        }

        public boolean overridePath() {
            return !path.isEmpty();
        }

        /** Where the upstream's images are found by name: host[:port][/path], e.g. registry.aliyuncs.com/google_containers. */
        public String imagePrefix() {
            return authority + path;
        }

        /** The mirror's own registry, host[:port]. */
        public String authority() {
            return authority;
        }

        public boolean plainHttp() {
            return scheme.equals("http");
        }

        @Override
        public String toString() {
            return scheme + "://" + authority + path;
        }
    }

    private final String registry;
    private final List<Mirror> mirrors;
    private final String server;

    private RegistryMirrors(String registry, List<Mirror> mirrors, String server) {
        this.registry = registry;
        this.mirrors = List.copyOf(mirrors);
        this.server = server;
    }

    /** A registry served over plain http (a mirror named directly in an image), without mirrors of its own. */
    static RegistryMirrors plainHttp(String authority) {
        return new RegistryMirrors(authority, List.of(), "http://" + authority);
    }

    /**
     * {@code registry} is a host name or address with an optional port (registry.k8s.io, docker.io,
     * registry.example:5000); {@code where} names its entry in errors.
     */
    public static RegistryMirrors of(String registry, List<Mirror> mirrors, String where) {
        boolean bareIpv6 = registry.indexOf(':') != registry.lastIndexOf(':') && !registry.startsWith("[");
        if (HostPort.parse(registry).isEmpty() || bareIpv6 || !registry.equals(registry.toLowerCase(Locale.ROOT))) {
            throw new ConfigException(where + ": registry \"" + registry
                    + "\" must be a lower-case host name or address with an optional port, such as docker.io"
                    + " or registry.example:5000");
        }
        if (mirrors.isEmpty()) {
            throw new ConfigException(where + ": registry " + registry + " lists no mirror");
        }
        Set<String> seen = new HashSet<>();
        for (Mirror mirror : mirrors) {
            if (!seen.add(mirror.hostUrl())) {
                throw new ConfigException(where + ": mirror " + mirror.hostUrl() + " is listed twice");
            }
        }
        // Docker Hub's API is served from registry-1.docker.io.
        return new RegistryMirrors(registry, mirrors,
                "https://" + (registry.equals("docker.io") ? "registry-1.docker.io" : registry));
    }

    public String registry() {
        return registry;
    }

    public List<Mirror> mirrors() {
        return mirrors;
    }

    public String path() {
        return ContainerdConfig.HOSTS_DIR + "/" + registry + "/hosts.toml";
    }

    /** The upstream itself, tried after every mirror. */
    public String server() {
        return server;
    }

    public RenderedFile hostsToml(TemplateRenderer renderer) {
        List<Map<String, Object>> hosts = mirrors.stream()
                .map(m -> Map.<String, Object>of("url", m.hostUrl(), "overridePath", m.overridePath())).toList();
        TemplateRenderer.Output output = renderer.render("containerd/hosts.toml",
                Map.of("server", server(), "hosts", hosts));
        return new RenderedFile(path(), output.text().getBytes(StandardCharsets.UTF_8), 0644,
                output.template().origin());
    }
}
