package dev.bootstrap.runtime;

import dev.bootstrap.images.ImageReference;
import dev.bootstrap.images.NeededImage;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.registries}: each upstream registry's mirrors. Nodes pull through them by containerd's hosts.toml
 * files; images bootstrap puts into objects of its own (the CNI's) are named on the first mirror, as kubeadm's
 * imageRepository names its own. Empty: every image comes from its upstream.
 */
public final class Registries {

    public static final Registries NONE = new Registries(List.of());

    private final Map<String, RegistryMirrors> byRegistry = new LinkedHashMap<>();

    public Registries(List<RegistryMirrors> registries) {
        registries.forEach(r -> byRegistry.put(r.registry(), r));
    }

    public boolean isEmpty() {
        return byRegistry.isEmpty();
    }

    public Optional<RegistryMirrors> of(String registry) {
        return Optional.ofNullable(byRegistry.get(registry));
    }

    /** {@code image} named on its registry's first mirror; as given when its registry has none or it is no reference. */
    public String rewrite(String image) {
        return ImageReference.parse(image).flatMap(ref -> of(ref.registry())
                .map(m -> ref.under(m.mirrors().get(0).imagePrefix()))).orElse(image);
    }

    /**
     * The name nodes pull {@code needed} by: kubeadm's as kubeadm names them (imageRepository; containerd's
     * hosts.toml sends them to the mirrors), an object's on its registry's first mirror ({@link #rewrite}).
     */
    public String pulledAs(NeededImage needed) {
        return needed.kubeadmImage() ? needed.image() : rewrite(needed.image());
    }

    /**
     * Whether a node can pull {@code image} without reaching a registry that has no mirror: always without
     * mirrors; with them, when the image's registry has mirrors or is itself a mirror.
     */
    public boolean resolves(String image) {
        if (isEmpty()) {
            return true;
        }
        return ImageReference.parse(image).map(ref -> byRegistry.containsKey(ref.registry())
                || byRegistry.values().stream().flatMap(r -> r.mirrors().stream())
                        .anyMatch(m -> m.authority().equals(ref.registry()))).orElse(false);
    }

    /**
     * What keeps nodes from pulling {@code needed} through spec.registries, and what to change; empty when it
     * {@link #resolves}.
     */
    public Optional<String> unresolvable(NeededImage needed) {
        if (resolves(needed.image())) {
            return Optional.empty();
        }
        Optional<ImageReference> ref = ImageReference.parse(needed.image());
        if (ref.isEmpty()) {
            return Optional.of("not an image reference a node could pull");
        }
        return Optional.of("no mirror for " + ref.get().registry() + " in spec.registries; add one, or "
                + (needed.kubeadmImage() ? "set spec.imageRepository to a mirror" : "name the image on a mirror"));
    }

    /** One line per image of {@code needed} that does not resolve: the image, what needs it, why and the fix. */
    public List<String> unresolved(List<NeededImage> needed) {
        List<String> problems = new ArrayList<>();
        for (NeededImage n : needed) {
            unresolvable(n).ifPresent(why -> problems.add(n.describe() + ": " + why));
        }
        return problems;
    }

    /**
     * The hosts.toml files: one per upstream, and one for each plain-http mirror so that images named on it
     * directly are pulled over http.
     */
    public List<RenderedFile> hostsFiles(TemplateRenderer renderer) {
        List<RenderedFile> files = new ArrayList<>();
        Map<String, RegistryMirrors> direct = new LinkedHashMap<>();
        for (RegistryMirrors r : byRegistry.values()) {
            files.add(r.hostsToml(renderer));
            for (RegistryMirrors.Mirror m : r.mirrors()) {
                if (m.plainHttp() && !byRegistry.containsKey(m.authority())) {
                    direct.putIfAbsent(m.authority(), RegistryMirrors.plainHttp(m.authority()));
                }
            }
        }
        direct.values().forEach(r -> files.add(r.hostsToml(renderer)));
        return files;
    }
}
