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

    private String applyError(String pod) {
        return assertThrows(PatchException.class, () -> patched("kube-apiserver", pod)).getMessage();
    }

    private String loadError() {
        return assertThrows(PatchException.class, () -> Patches.load(dir.toString())).getMessage();
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
        String failed = applyError(POD);
        assertTrue(failed.contains("kube-apiserver+json.yaml: operation 2 (remove /spec/volumes/3): "
                + "no value at /spec/volumes"), failed);
        write("kube-apiserver+json.yaml", "- {op: test, path: /metadata/name, value: etcd}\n");
        assertTrue(applyError(POD).contains("test failed"));
        write("kube-apiserver+json.yaml", "- {op: add, path: /spec/containers/5, value: {}}\n");
        assertTrue(applyError(POD).contains("no array element /spec/containers/5 (the array has 1 element(s))"));
        write("kube-apiserver+json.yaml", "metadata: {}\n");
        assertTrue(applyError(POD).contains("a json patch must be a list of operations"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void strategicPatchesMergeListsByTheirKeyAndReplaceTheOthers() throws Exception {
        String pod = POD + """
                  volumes:
                  - name: old
                    hostPath: {path: /old}
                  - name: keep
                    hostPath: {path: /keep}
                  tolerations:
                  - {operator: Exists}
                """;
        write("kube-apiserver.yaml", """
                metadata:
                  labels:
                    tier: control-plane
                spec:
                  containers:
                  - name: kube-apiserver
                    resources:
                      requests:
                        cpu: 500m
                    env:
                    - name: GOMAXPROCS
                      value: "2"
                  - name: sidecar
                    image: busybox
                  volumes:
                  - name: extra
                    hostPath: {path: /extra}
                  - name: old
                    $patch: delete
                  tolerations:
                  - {key: a, operator: Equal, value: b}
                """);
        Map<String, Object> spec = (Map<String, Object>) patched("kube-apiserver", pod).get("spec");
        List<Map<String, Object>> containers = (List<Map<String, Object>>) spec.get("containers");
        assertEquals(List.of("kube-apiserver", "sidecar"), containers.stream().map(c -> c.get("name")).toList());
        Map<String, Object> api = containers.get(0);
        assertEquals(List.of("kube-apiserver", "--secure-port=6443"), api.get("command"), "merged, not replaced");
        assertEquals(Map.of("requests", Map.of("cpu", "500m")), api.get("resources"));
        assertEquals(List.of(Map.of("name", "GOMAXPROCS", "value", "2")), api.get("env"));
        assertEquals(List.of("keep", "extra"), ((List<Map<String, Object>>) spec.get("volumes")).stream()
                .map(v -> v.get("name")).toList(), "old deleted by $patch, extra appended");
        assertEquals(List.of(Map.of("key", "a", "operator", "Equal", "value", "b")), spec.get("tolerations"),
                "a list without a merge key is replaced");

        write("kube-apiserver.yaml", "spec:\n  volumes:\n  - $patch: replace\n  - name: only\n");
        assertEquals(List.of(Map.of("name", "only")), ((Map<String, Object>) patched("kube-apiserver", pod).get("spec"))
                .get("volumes"));
        write("kube-apiserver.yaml", "spec:\n  $retainKeys: [containers]\n");
        assertTrue(applyError(pod).contains("kube-apiserver.yaml: spec.$retainKeys: the directive $retainKeys is not supported yet"));
        write("kube-apiserver.yaml", "spec:\n  containers:\n  - image: x\n");
        assertTrue(applyError(pod).contains("spec.containers: an element has no \"name\""));
    }

    @Test
    void theCoreDnsTargetAndUnknownPatchTypesAreErrors() throws Exception {
        write("corednsdeployment+merge.yaml", "metadata: {}\n");
        assertTrue(loadError().contains("corednsdeployment is not supported yet"));
        Files.delete(dir.resolve("corednsdeployment+merge.yaml"));
        write("etcd+bogus.yaml", "metadata: {}\n");
        assertTrue(loadError().contains("unknown patch type \"bogus\""));
    }

    @Test
    void aBrokenPatchFileNamesFileAndLine() throws Exception {
        write("etcd+merge.yaml", "metadata:\n  labels: [\n");
        String broken = loadError();
        assertTrue(broken.matches("(?s)patch .*etcd\\+merge\\.yaml:3: invalid YAML/JSON.*"), broken);
        assertTrue(assertThrows(PatchException.class, () -> Patches.load(dir.resolve("missing").toString()))
                .getMessage().startsWith("patches.directory " + dir.resolve("missing")));
    }
}
