package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.apiserver.ObjectApplier;
import dev.bootstrap.cluster.ClusterFile;
import dev.bootstrap.cluster.ClusterFileReader;
import dev.bootstrap.cni.CniManifests;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import dev.bootstrap.testing.ClusterFiles;
import dev.bootstrap.testing.OnStandInCluster;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cni phase's objects against the API STAND-IN (fabric8's CRUD mock behind our apiserver certificate): applied as
 * the phase applies them, all are created, a second apply changes nothing, and plan names exactly what is missing or
 * different (asked through the rootfs's admin.conf, as plan asks the first control plane's).
 */
class CniOnStandInTest extends OnStandInCluster {

    private static final TemplateRenderer RENDERER = new TemplateRenderer(TemplateSource.builtIn());

    private static ClusterFile file(String cni) {
        return ClusterFileReader.read("cluster.yaml", ClusterFiles.withCni(cni, "10.244.0.0/16"), Map.of());
    }

    @ParameterizedTest
    @ValueSource(strings = {"flannel", "calico"})
    void everyObjectIsCreatedOnceAndPlanSaysWhatIsLeft(String cni) {
        ClusterFile file = file(cni);
        List<HasMetadata> objects = CniManifests.of(file, RENDERER).objects();
        ClusterPlan.Action before = ClusterPlan.cni(file, cluster.host, RENDERER).orElseThrow();
        assertEquals(CniPhase.SPEC.name(), before.what());
        assertEquals(objects.size(), before.why().split(", create ").length, before.why());

        ObjectApplier applier = new ObjectApplier(direct);
        List<ObjectApplier.Applied> first = applier.applyAll(objects);
        assertTrue(first.stream().allMatch(ObjectApplier.Applied::changed), first.toString());
        for (HasMetadata o : objects) {
            assertNotNull(direct.resource(o).get(), ObjectApplier.describe(o));
        }
        DaemonSet ds = objects.stream().filter(DaemonSet.class::isInstance).map(DaemonSet.class::cast).findFirst()
                .orElseThrow();
        assertNotNull(direct.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace())
                .withName(ds.getMetadata().getName()).get());

        List<ObjectApplier.Applied> again = applier.applyAll(CniManifests.of(file, RENDERER).objects());
        assertFalse(ObjectApplier.Applied.anyChanged(again), again.toString());
        assertEquals(Optional.empty(), ClusterPlan.cni(file, cluster.host, RENDERER), "converged");

        // someone edits the DaemonSet: plan names it alone, and the next apply puts it back
        direct.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).withName(ds.getMetadata().getName())
                .edit(d -> {
                    d.getMetadata().getAnnotations().remove(ObjectApplier.HASH_ANNOTATION);
                    return d;
                });
        assertEquals(cni + ": update " + ObjectApplier.describe(ds),
                ClusterPlan.cni(file, cluster.host, RENDERER).orElseThrow().why());
        assertEquals(List.of("updated " + ObjectApplier.describe(ds)), applier.applyAll(objects).stream()
                .filter(ObjectApplier.Applied::changed).map(ObjectApplier.Applied::line).toList());
    }

    @Test
    void noCniIsNothingToPlan() {
        assertEquals(Optional.empty(), ClusterPlan.cni(file("none"), cluster.host, RENDERER));
    }
}
