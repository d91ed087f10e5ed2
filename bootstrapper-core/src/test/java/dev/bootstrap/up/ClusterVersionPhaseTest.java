package dev.bootstrap.up;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.config.KubernetesVersion;
import dev.bootstrap.host.LocalHost;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import dev.bootstrap.templates.RenderedFile;
import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The version a node runs is read from the kube-apiserver manifest bootstrap renders. */
class ClusterVersionPhaseTest {

    @TempDir
    Path root;

    @Test
    void theRenderedManifestsImageGivesTheVersion() {
        LocalHost host = new LocalHost("cp1", root);
        assertEquals(Optional.empty(), ClusterVersionPhase.running(host), "no manifest: a new control plane");
        KubeadmConfig config = KubeadmConfigReader.readInit("test", """
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: ClusterConfiguration
                kubernetesVersion: v1.36.2
                imageRepository: registry.example:5000/k8s
                ---
                apiVersion: kubeadm.k8s.io/v1beta4
                kind: InitConfiguration
                localAPIEndpoint:
                  advertiseAddress: 10.211.0.11
                nodeRegistration:
                  name: cp1
                """, dev.bootstrap.config.InitFlags.NONE);
        StaticPods pods = new StaticPods(new TemplateRenderer(TemplateSource.builtIn()), config,
                ControlPlaneFacts.of(host, java.util.Map.of(), false));
        for (RenderedFile f : pods.controlPlane()) {
            host.writeFile(f.path(), f.content(), f.mode());
        }
        assertEquals(Optional.of(KubernetesVersion.require("v1.36.2")), ClusterVersionPhase.running(host));
    }
}
