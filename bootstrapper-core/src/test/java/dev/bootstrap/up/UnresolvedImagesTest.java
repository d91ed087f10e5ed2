package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.ClusterFiles;
import dev.bootstrap.cni.CniManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mirror map without quay.io while the CNI (Calico, from its template) needs it: plan names it, up stops on it. */
class UnresolvedImagesTest {

    private static final String MIRRORS = """
              registries:
                registry.k8s.io: [https://registry.aliyuncs.com/google_containers]
                docker.io: [https://mirror.gcr.io]
            """;
    private static final ClusterFile FILE = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE + MIRRORS
            + """
              networking:
                podSubnet: 10.244.0.0/16
              addons:
                cni:
                  type: calico
            """, Map.of());
    private static final String FIX = ": no mirror for quay.io in spec.registries; add one, or name the image on a mirror";

    @Test
    void planNamesEachImageNoMirrorServesWithTheObjectThatNeedsIt(@TempDir Path dir) throws Exception {
        HostResolver hosts = name -> new LocalHost(name, dir);
        ClusterPlan.Result plan = new ClusterPlan().plan(FILE, hosts, Duration.ofMinutes(1), Instant.now());
        assertEquals(calico(), plan.unresolved());
        assertFalse(plan.converged());

        ClusterFile withoutCni = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE + MIRRORS, Map.of());
        assertEquals(List.of(), new ClusterPlan().plan(withoutCni, hosts, Duration.ofMinutes(1), Instant.now())
                .unresolved(), "kubeadm's images resolve through registry.k8s.io's mirror");
    }

    @Test
    void upStopsOnThemBeforeTouchingAnyNode() {
        List<String> resolved = new ArrayList<>();
        HostResolver hosts = name -> {
            resolved.add(name);
            throw new AssertionError("up reached node " + name);
        };
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ClusterUp().run(FILE, hosts, UpRuns.options(), List.of(), event -> { }));
        assertEquals("no node could pull these images through spec.registries, so up stopped before touching any "
                + "node:\n  " + String.join("\n  ", calico()), e.getMessage());
        assertEquals(List.of(), resolved);
    }

    /** Calico's images, as its objects need them, each named with them. */
    private static List<String> calico() {
        List<String> lines = new ArrayList<>();
        for (HasMetadata o : CniManifests.of(FILE, new TemplateRenderer(TemplateSource.builtIn())).objects()) {
            if (o instanceof DaemonSet ds) {
                ds.getSpec().getTemplate().getSpec().getInitContainers().forEach(c -> lines.add(c.getImage()
                        + " (DaemonSet kube-system/calico-node)" + FIX));
                ds.getSpec().getTemplate().getSpec().getContainers().forEach(c -> lines.add(c.getImage()
                        + " (DaemonSet kube-system/calico-node)" + FIX));
            } else if (o instanceof Deployment d) {
                d.getSpec().getTemplate().getSpec().getContainers().forEach(c -> lines.add(c.getImage()
                        + " (Deployment kube-system/calico-kube-controllers)" + FIX));
            }
        }
        assertEquals(3, lines.stream().distinct().count(), "calico's node, cni and kube-controllers: " + lines);
        assertTrue(lines.stream().allMatch(l -> l.startsWith("quay.io/calico/")), lines.toString());
        return lines.stream().distinct().toList();
    }
}
