package dev.bootstrap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cluster file whose spec.registries serves none of kubeadm's images: plan names them, up stops on them. */
class UnresolvedImagesCliTest {

    private static final String APISERVER = "unresolved image: registry.k8s.io/kube-apiserver:v1.37.1 (static Pod "
            + "kube-system/kube-apiserver): no mirror for registry.k8s.io in spec.registries; add one, or set "
            + "spec.imageRepository to a mirror";

    private static Path file(Path dir) throws Exception {
        // cp1 refuses connections at once: nothing listens on port 1
        return Files.writeString(dir.resolve("cluster.yaml"), """
                apiVersion: bootstrap.dev/v1alpha1
                kind: Cluster
                metadata:
                  name: lab
                spec:
                  kubernetesVersion: v1.37.1
                  registries:
                    docker.io: [https://mirror.gcr.io]
                  nodes:
                    - name: cp1
                      address: 127.0.0.1
                      role: control-plane
                      ssh: {port: 1}
                """);
    }

    @Test
    void planListsEveryImageNoMirrorServes(@TempDir Path dir) throws Exception {
        CliBasicsTest.Run plan = CliBasicsTest.run("plan", "-f", file(dir).toString());
        assertEquals(1, plan.exit(), plan.out() + plan.err());
        assertTrue(plan.out().lines().anyMatch(APISERVER::equals), plan.out());
        assertEquals(7, plan.out().lines().filter(l -> l.startsWith("unresolved image: ")).count(), plan.out());
        assertTrue(plan.out().contains("Plan: 'bootstrap up' would stop before touching any node: 7 image(s)"),
                plan.out());
    }

    @Test
    void upStopsBeforeConnectingToAnyNode(@TempDir Path dir) throws Exception {
        CliBasicsTest.Run up = CliBasicsTest.run("up", "-f", file(dir).toString());
        assertEquals(1, up.exit(), up.out() + up.err());
        assertTrue(up.err().startsWith("error: no node could pull these images through spec.registries, so up stopped "
                + "before touching any node:\n  registry.k8s.io/kube-apiserver:v1.37.1 (static Pod"), up.err());
        assertEquals("", up.out());
    }
}
