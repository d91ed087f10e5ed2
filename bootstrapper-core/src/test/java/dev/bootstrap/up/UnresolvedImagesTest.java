package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.config.ConfigException;
import dev.bootstrap.host.HostResolver;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.preflight.IgnoredErrors;
import dev.bootstrap.state.LockHolder;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.ClusterFiles;
import dev.bootstrap.testing.CniStandIn;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mirror map without quay.io while the CNI (a stand-in DaemonSet) needs it: plan names it, up stops on it. */
class UnresolvedImagesTest {

    private static final ClusterFile FILE = ClusterFileReader.read("cluster.yaml", ClusterFiles.ONE_CONTROL_PLANE + """
              registries:
                registry.k8s.io: [https://registry.aliyuncs.com/google_containers]
                docker.io: [https://mirror.gcr.io]
            """, Map.of());
    private static final String CALICO_NODE = CniStandIn.NODE_IMAGE + " (DaemonSet kube-system/calico-node): no mirror "
            + "for quay.io in spec.registries; add one, or name the image on a mirror";
    private static final String CALICO_CNI = CniStandIn.CNI_IMAGE + " (DaemonSet kube-system/calico-node): no mirror "
            + "for quay.io in spec.registries; add one, or name the image on a mirror";

    @Test
    void planNamesEachImageNoMirrorServesWithTheObjectThatNeedsIt(@TempDir Path dir) throws Exception {
        HostResolver hosts = name -> new LocalHost(name, dir);
        ClusterPlan.Result plan = new ClusterPlan(new TemplateRenderer(TemplateSource.builtIn()), Map.of(),
                List.of(CniStandIn.calicoNode())).plan(FILE, hosts, Duration.ofMinutes(1), Instant.now());
        assertEquals(List.of(CALICO_CNI, CALICO_NODE), plan.unresolved());
        assertFalse(plan.converged());

        ClusterPlan.Result withoutCni = new ClusterPlan().plan(FILE, hosts, Duration.ofMinutes(1), Instant.now());
        assertEquals(List.of(), withoutCni.unresolved(), "kubeadm's images resolve through registry.k8s.io's mirror");
    }

    @Test
    void upStopsOnThemBeforeTouchingAnyNode() {
        List<String> resolved = new ArrayList<>();
        HostResolver hosts = name -> {
            resolved.add(name);
            throw new AssertionError("up reached node " + name);
        };
        UpOptions options = new UpOptions(IgnoredErrors.parse(List.of()), Duration.ofMinutes(1),
                new TemplateRenderer(TemplateSource.builtIn()), Map.of(), LockHolder.ofThisProcess("test"),
                (node, dryRun) -> List.of(), Path.of("unused-snapshots"), List.of(CniStandIn.calicoNode()));
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ClusterUp().run(FILE, hosts, options, List.of(), event -> { }));
        assertEquals("no node could pull these images through spec.registries, so up stopped before touching any "
                + "node:\n  " + CALICO_CNI + "\n  " + CALICO_NODE, e.getMessage());
        assertEquals(List.of(), resolved);
    }
}
