package dev.bootstrap.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.images.NeededImage;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistriesTest {

    private static final Registries ALIYUN = new Registries(List.of(RegistryMirrorsTest.mirrors("registry.k8s.io",
            "https://registry.aliyuncs.com/google_containers")));

    private static NeededImage object(String image) {
        return new NeededImage(image, List.of("DaemonSet kube-system/calico-node"), false);
    }

    @Test
    void anImageResolvesThroughItsRegistrysMirrorOrWhenNamedOnAMirror() {
        assertEquals(Optional.empty(), ALIYUN.unresolvable(new NeededImage("registry.k8s.io/pause:3.10.1",
                List.of("containerd sandbox image (pause)"), true)));
        assertEquals(Optional.empty(), ALIYUN.unresolvable(object("registry.aliyuncs.com/google_containers/pause:3.10.1")));
        assertEquals(Optional.empty(), Registries.NONE.unresolvable(object("quay.io/calico/node:v3.30.3")),
                "without spec.registries every image comes from its upstream");
    }

    @Test
    void anUnresolvedImageIsNamedWithWhatNeedsItAndWhatToChange() {
        NeededImage etcd = new NeededImage("quay.io/coreos/etcd:v3.6.5", List.of("static Pod kube-system/etcd"), true);
        assertEquals(List.of("quay.io/calico/node:v3.30.3 (DaemonSet kube-system/calico-node): no mirror for quay.io in "
                        + "spec.registries; add one, or name the image on a mirror",
                "quay.io/coreos/etcd:v3.6.5 (static Pod kube-system/etcd): no mirror for quay.io in spec.registries; "
                        + "add one, or set spec.imageRepository to a mirror",
                "calico/Node (DaemonSet kube-system/calico-node): not an image reference a node could pull"),
                ALIYUN.unresolved(List.of(object("quay.io/calico/node:v3.30.3"), etcd, object("calico/Node"),
                        object("registry.k8s.io/coredns/coredns:v1.12.1"))));
    }

    @Test
    void rewriteNamesAnImageOnItsRegistrysFirstMirror() {
        assertEquals("registry.aliyuncs.com/google_containers/pause:3.10.1", ALIYUN.rewrite("registry.k8s.io/pause:3.10.1"));
        assertEquals("quay.io/calico/node:v3.30.3", ALIYUN.rewrite("quay.io/calico/node:v3.30.3"));
    }
}
