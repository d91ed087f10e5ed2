package dev.bootstrap.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bootstrap.templates.TemplateRenderer;
import dev.bootstrap.templates.TemplateSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class PatchesTest {

    @TempDir
    Path dir;

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: kube-apiserver
              annotations:
                a: "1"
            spec:
              containers:
              - name: kube-apiserver
                command:
                - kube-apiserver
                - --secure-port=6443
            """;

    private static TemplateRenderer.Output output(String text) {
        return new TemplateRenderer.Output(new TemplateSource.Template("manifests/kube-apiserver.yaml", "built-in "
                + "manifests/kube-apiserver.yaml", text), text);
    }

    private Map<String, Object> patched(String target, String text) {
        return new Yaml().load(Patches.load(dir.toString()).apply(target, output(text)).text());
    }

    private void write(String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text);
    }

    @Test
    @SuppressWarnings("unchecked")
    void mergeThenJsonPatchesApplyInFileNameOrder() throws Exception {
        write("kube-apiserver1+json.json", """
                [{"op": "add", "path": "/spec/containers/0/command/-", "value": "--v=4"},
                 {"op": "test", "path": "/metadata/annotations/b", "value": "from-merge"},
                 {"op": "copy", "from": "/metadata/annotations/b", "path": "/metadata/labels/copied"},
                 {"op": "move", "from": "/metadata/labels/copied", "path": "/metadata/annotations/moved"},
                 {"op": "replace", "path": "/spec/containers/0/command/1", "value": "--secure-port=7443"}]
                """);
        write("kube-apiserver0+merge.yaml", """
                metadata:
                  annotations:
                    a: null
                    b: from-merge
                  labels:
                    tier: control-plane
                """);
        write("etcd+merge.yaml", "metadata:\n  name: changed\n");
        write("README.md", "not a patch");
        Patches patches = Patches.load(dir.toString());
        assertEquals(List.of("README.md"), patches.ignored());
        assertEquals(List.of(dir.resolve("kube-apiserver0+merge.yaml") + " (merge)",
                dir.resolve("kube-apiserver1+json.json") + " (json)"), patches.describe("kube-apiserver"));

        Map<String, Object> pod = patched("kube-apiserver", POD);
        Map<String, Object> meta = (Map<String, Object>) pod.get("metadata");
        assertEquals(Map.of("b", "from-merge", "moved", "from-merge"), meta.get("annotations"), "a deleted by null");
        assertEquals(Map.of("tier", "control-plane"), meta.get("labels"), "the moved label is gone");
        Map<String, Object> container = ((List<Map<String, Object>>) ((Map<String, Object>) pod.get("spec"))
                .get("containers")).get(0);
        assertEquals(List.of("kube-apiserver", "--secure-port=7443", "--v=4"), container.get("command"));
        assertEquals("kube-apiserver", meta.get("name"), "etcd's patch is not applied to kube-apiserver");
    }

    @Test
    void withoutPatchesTheOutputIsUntouched() throws Exception {
        TemplateRenderer.Output out = output(POD);
        assertSame(out, Patches.NONE.apply("kube-apiserver", out));
        assertSame(out, Patches.load(dir.toString()).apply("kube-apiserver", out));
    }

    @Test
    void severalDocumentsInOneFileAreSeveralPatches() throws Exception {
        write("kube-scheduler+merge.yaml", "metadata:\n  labels:\n    one: \"1\"\n---\nmetadata:\n  labels:\n    two: \"2\"\n");
        Map<?, ?> meta = (Map<?, ?>) patched("kube-scheduler", POD).get("metadata");
        assertEquals(Map.of("one", "1", "two", "2"), meta.get("labels"));
    }

    @Test
    void aFailingOperationNamesFileOperationAndPath() throws Exception {
        write("kube-apiserver+json.yaml", """
                - op: add
                  path: /metadata/annotations/x
                  value: y
                - op: remove
                  path: /spec/volumes/3
                """);
        PatchException e = assertThrows(PatchException.class, () -> patched("kube-apiserver", POD));
        assertTrue(e.getMessage().contains("kube-apiserver+json.yaml: operation 2 (remove /spec/volumes/3): "
                + "no value at /spec/volumes"), e.getMessage());
        write("kube-apiserver+json.yaml", "- {op: test, path: /metadata/name, value: etcd}\n");
        assertTrue(assertThrows(PatchException.class, () -> patched("kube-apiserver", POD)).getMessage()
                .contains("test failed"));
        write("kube-apiserver+json.yaml", "- {op: add, path: /spec/containers/5, value: {}}\n");
        assertTrue(assertThrows(PatchException.class, () -> patched("kube-apiserver", POD)).getMessage()
                .contains("no array element /spec/containers/5 (the array has 1 element(s))"));
        write("kube-apiserver+json.yaml", "metadata: {}\n");
        assertTrue(assertThrows(PatchException.class, () -> patched("kube-apiserver", POD)).getMessage()
                .contains("a json patch must be a list of operations"));
    }

    @Test
    void strategicPatchesAndTheCoreDnsTargetAreNotSupportedYet() throws Exception {
        write("kube-apiserver0.yaml", "metadata: {}\n");
        PatchException strategic = assertThrows(PatchException.class, () -> Patches.load(dir.toString()));
        assertTrue(strategic.getMessage().contains("kube-apiserver0.yaml: strategic merge patches")
                && strategic.getMessage().contains("not supported yet")
                && strategic.getMessage().contains("kube-apiserver0+merge.yaml"), strategic.getMessage());
        Files.delete(dir.resolve("kube-apiserver0.yaml"));
        write("corednsdeployment+merge.yaml", "metadata: {}\n");
        assertTrue(assertThrows(PatchException.class, () -> Patches.load(dir.toString())).getMessage()
                .contains("corednsdeployment is not supported yet"));
        Files.delete(dir.resolve("corednsdeployment+merge.yaml"));
        write("etcd+bogus.yaml", "metadata: {}\n");
        assertTrue(assertThrows(PatchException.class, () -> Patches.load(dir.toString())).getMessage()
                .contains("unknown patch type \"bogus\""));
    }

    @Test
    void aBrokenPatchFileNamesFileAndLine() throws Exception {
        write("etcd+merge.yaml", "metadata:\n  labels: [\n");
        PatchException e = assertThrows(PatchException.class, () -> Patches.load(dir.toString()));
        assertTrue(e.getMessage().matches("(?s)patch .*etcd\\+merge\\.yaml:3: invalid YAML/JSON.*"), e.getMessage());
        assertTrue(assertThrows(PatchException.class, () -> Patches.load(dir.resolve("missing").toString()))
                .getMessage().startsWith("patches.directory " + dir.resolve("missing")));
    }
}
