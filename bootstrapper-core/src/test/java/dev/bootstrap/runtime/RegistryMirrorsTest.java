package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootstrap.config.ConfigException;
import dev.bootstrap.runtime.RegistryMirrors.Mirror;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryMirrorsTest {

    private static final TemplateRenderer RENDERER = new TemplateRenderer(TemplateSource.builtIn());

    static RegistryMirrors mirrors(String registry, String... urls) {
        String where = "spec.registries[" + registry + "]";
        List<Mirror> mirrors = new ArrayList<>();
        for (int i = 0; i < urls.length; i++) {
            mirrors.add(Mirror.parse(urls[i], where + ".mirrors[" + i + "]"));
        }
        return RegistryMirrors.of(registry, mirrors, where);
    }

    @Test
    void dockerHubsServerIsRegistryOne() {
        RenderedFile file = mirrors("docker.io", "https://mirror.gcr.io").hostsToml(RENDERER);
        assertEquals("/etc/containerd/certs.d/docker.io/hosts.toml", file.path());
        assertEquals(0644, file.mode());
        Map<String, Object> doc = Toml.parse(file.text());
        assertEquals("https://registry-1.docker.io", doc.get("server"));
        assertEquals(Map.of("https://mirror.gcr.io", Map.of("capabilities", List.of("pull", "resolve"))),
                doc.get("host"));
    }

    @Test
    void aMirrorUnderAPathIsItsApiRootWithOverridePath() {
        // registry.k8s.io/pause:3.10 must become GET https://registry.aliyuncs.com/v2/google_containers/pause/manifests/3.10:
        // containerd appends "/<repository>/manifests/<tag>" to the host's path and, with override_path, adds no /v2.
        RenderedFile file = mirrors("registry.k8s.io", "https://registry.aliyuncs.com/google_containers/")
                .hostsToml(RENDERER);
        assertEquals("/etc/containerd/certs.d/registry.k8s.io/hosts.toml", file.path());
        Map<String, Object> doc = Toml.parse(file.text());
        assertEquals("https://registry.k8s.io", doc.get("server"));
        assertEquals(Map.of("https://registry.aliyuncs.com/v2/google_containers",
                Map.of("capabilities", List.of("pull", "resolve"), "override_path", true)), doc.get("host"));
    }

    @Test
    void severalMirrorsKeepTheirOrder() {
        RenderedFile file = mirrors("quay.io", "https://quay.m.daocloud.io", "http://10.0.0.5:5000",
                "https://mirror.example/quay").hostsToml(RENDERER);
        // containerd tries the [host."..."] tables in file order (getSortedHosts); the parser keeps that order
        @SuppressWarnings("unchecked")
        Map<String, Object> hosts = (Map<String, Object>) Toml.parse(file.text()).get("host");
        assertEquals(List.of("https://quay.m.daocloud.io", "http://10.0.0.5:5000", "https://mirror.example/v2/quay"),
                List.copyOf(hosts.keySet()));
        assertNull(((Map<?, ?>) hosts.get("http://10.0.0.5:5000")).get("override_path"));
        assertEquals(true, ((Map<?, ?>) hosts.get("https://mirror.example/v2/quay")).get("override_path"));
    }

    @Test
    void anyRegistryHostWithAPortIsItsOwnDirectory() {
        RenderedFile file = mirrors("registry.example:5000", "https://mirror.example").hostsToml(RENDERER);
        assertEquals("/etc/containerd/certs.d/registry.example:5000/hosts.toml", file.path());
        assertEquals("https://registry.example:5000", Toml.parse(file.text()).get("server"));
        assertEquals("ghcr.io", mirrors("ghcr.io", "https://ghcr.m.daocloud.io").registry());
    }

    @Test
    void aMirrorMustBeAnHttpUrlNamedByItsField() {
        String where = "spec.registries[registry.k8s.io].mirrors[0]";
        Map<String, String> cases = Map.of(
                "registry.aliyuncs.com/google_containers", "must be an http:// or https:// URL",
                "ftp://mirror.example", "must be an http:// or https:// URL",
                "https://user:pw@mirror.example", "must be scheme://host[:port][/path], without user, query or fragment",
                "https://mirror.example/x?ns=1", "must be scheme://host[:port][/path], without user, query or fragment",
                "https:///x", "must be scheme://host[:port][/path], without user, query or fragment",
                "https://mirror.example/a//b", "has an empty, . or .. path segment",
                "https://mirror.example/../b", "has an empty, . or .. path segment",
                "https://registry.aliyuncs.com/v2/google_containers",
                "must not hold containerd's /v2 API root: give the repository path alone, e.g."
                        + " https://registry.aliyuncs.com/google_containers");
        cases.forEach((url, problem) -> {
            ConfigException e = assertThrows(ConfigException.class, () -> Mirror.parse(url, where), url);
            assertEquals(where + ": mirror \"" + url + "\" " + problem, e.getMessage());
        });
        assertEquals(where + ": mirror \"https://bad host\" is not a URL: Illegal character in authority",
                assertThrows(ConfigException.class, () -> Mirror.parse("https://bad host", where)).getMessage());
    }

    @Test
    void theRegistryMustBeAHostNamedByItsEntry() {
        List<Mirror> one = List.of(Mirror.parse("https://mirror.example", "m"));
        for (String registry : new String[] {"https://docker.io", "docker.io/library", "Docker.io", "", "fe80::1",
                "registry.example:99999"}) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> RegistryMirrors.of(registry, one, "spec.registries[" + registry + "]"), registry);
            assertEquals("spec.registries[" + registry + "]: registry \"" + registry + "\" must be a lower-case host"
                    + " name or address with an optional port, such as docker.io or registry.example:5000", e.getMessage());
        }
    }

    @Test
    void noMirrorOrTheSameMirrorTwiceIsAnError() {
        assertEquals("spec.registries[docker.io]: registry docker.io lists no mirror", assertThrows(
                ConfigException.class, () -> mirrors("docker.io")).getMessage());
        assertEquals("spec.registries[docker.io]: mirror https://mirror.example is listed twice", assertThrows(
                ConfigException.class, () -> mirrors("docker.io", "https://mirror.example",
                        "https://MIRROR.example/")).getMessage());
    }
}
