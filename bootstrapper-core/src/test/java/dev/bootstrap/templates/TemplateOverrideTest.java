package dev.bootstrap.templates;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.config.InitFlags;
import dev.bootstrap.config.KubeadmConfig;
import dev.bootstrap.config.KubeadmConfigReader;
import dev.bootstrap.manifests.ControlPlaneFacts;
import dev.bootstrap.manifests.StaticPods;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateOverrideTest {

    private static final KubeadmConfig CONFIG = KubeadmConfigReader.fromFlags(InitFlags.NONE).forNode("cp1", "10.211.0.11");

    private static String builtIn(String name) {
        return TemplateSource.builtIn().load(name).text();
    }

    private static String errorFor(Path dir, String etcdTemplate) throws Exception {
        Path file = dir.resolve("etcd.yaml");
        Files.writeString(file, etcdTemplate);
        StaticPods pods = new StaticPods(new TemplateRenderer(TemplateSource.withOverrides(dir)), CONFIG,
                new ControlPlaneFacts(p -> false, Map.of(), false));
        return assertThrows(TemplateException.class, pods::etcd).getMessage();
    }

    private static int lineOf(String text, String needle) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }

    @Test
    void everyTemplateFileNameIsUniqueAndPackaged() {
        assertEquals(TemplateSource.NAMES.size(), new HashSet<>(TemplateSource.NAMES.stream()
                .map(n -> n.substring(n.lastIndexOf('/') + 1)).toList()).size());
        TemplateSource.NAMES.forEach(n -> assertTrue(!builtIn(n).isEmpty(), n));
    }

    @Test
    void anOverrideReplacesTheBuiltInTemplate(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("etcd.yaml"), builtIn("manifests/etcd.yaml")
                .replace("    tier: control-plane\n", "    tier: control-plane\n    site: lab\n"));
        StaticPods pods = new StaticPods(new TemplateRenderer(TemplateSource.withOverrides(dir)), CONFIG,
                new ControlPlaneFacts(p -> false, Map.of(), false));
        RenderedFile etcd = pods.etcd();
        assertTrue(etcd.text().contains("    site: lab\n"));
        assertEquals(dir.resolve("etcd.yaml").toString(), etcd.template());
        // the others still come from the jar
        assertEquals("templates/manifests/kube-scheduler.yaml", pods.render("kube-scheduler").template());
    }

    @Test
    void brokenMustacheNamesTemplateAndLine(@TempDir Path dir) throws Exception {
        String broken = builtIn("manifests/etcd.yaml").replace("{{/command}}\n", "");
        String msg = errorFor(dir, broken);
        assertTrue(msg.startsWith("template " + dir.resolve("etcd.yaml") + ":"), msg);
        assertTrue(msg.contains("command"), msg);
    }

    @Test
    void brokenYamlNamesTemplateAndLine(@TempDir Path dir) throws Exception {
        String broken = builtIn("manifests/etcd.yaml").replace("  hostNetwork: true\n", "  hostNetwork: true\n   priorityX: [\n");
        String msg = errorFor(dir, broken);
        assertTrue(msg.startsWith("template " + dir.resolve("etcd.yaml") + ":" + lineOf(broken, "priorityX") + ": the rendered YAML is invalid")
                || msg.startsWith("template " + dir.resolve("etcd.yaml") + ":" + (lineOf(broken, "priorityX") + 1)), msg);
    }

    @Test
    void misspeltFieldNamesTemplateAndLine(@TempDir Path dir) throws Exception {
        String broken = builtIn("manifests/etcd.yaml").replace("  hostNetwork: true\n", "  hostNetwrok: true\n");
        String msg = errorFor(dir, broken);
        assertEquals("template " + dir.resolve("etcd.yaml") + ":" + lineOf(broken, "hostNetwrok")
                + ": unknown field \"spec.hostNetwrok\" in the rendered Pod", msg);
    }

    @Test
    void unknownVariableAndWrongKindAreErrors(@TempDir Path dir) throws Exception {
        String unknown = builtIn("manifests/etcd.yaml").replace("image: {{image}}", "image: {{imagee}}");
        String msg = errorFor(dir, unknown);
        assertEquals("template " + dir.resolve("etcd.yaml") + ":" + lineOf(unknown, "{{imagee}}")
                + ": unknown variable \"imagee\"", msg);
        String msg2 = errorFor(dir, builtIn("manifests/etcd.yaml").replace("kind: Pod", "kind: Deployment"));
        assertTrue(msg2.contains("is not a valid Pod") || msg2.contains("must be apiVersion v1, kind Pod"), msg2);
    }

    @Test
    void aStrayFileInTheTemplatesDirectoryIsAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("etcd.yml"), "x");
        String msg = assertThrows(TemplateException.class, () -> TemplateSource.withOverrides(dir)).getMessage();
        assertTrue(msg.contains("etcd.yml match no template"), msg);
    }
}
