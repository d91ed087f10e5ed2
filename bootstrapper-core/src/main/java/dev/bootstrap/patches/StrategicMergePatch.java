package dev.bootstrap.patches;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kubernetes' strategic merge patch, for the objects bootstrap patches: maps merge as in a JSON merge
 * patch (null deletes a key); a list whose field has a merge key (a Pod's containers by name, their
 * env by name, ports by containerPort, volumeMounts by mountPath, volumes by name, ...) merges element
 * by element, new elements appended; every other list is replaced. Directives: {@code $patch: delete}
 * (on a map or a list element), {@code $patch: replace} (on a map, or as a list element: the list
 * becomes the patch's other elements) and {@code $patch: merge}. The other directives
 * ($retainKeys, $setElementOrder/..., $deleteFromPrimitiveList/...) are errors saying they are not
 * supported yet, rather than being applied wrongly.
 */
final class StrategicMergePatch {

    /** The Pod's lists with a patchMergeKey (k8s.io/api core/v1), by field path without list indices. */
    static final Map<String, String> POD_MERGE_KEYS = podMergeKeys();

    private static final String PATCH = "$patch";

    private final Map<String, String> mergeKeys;
    private final String source;

    private StrategicMergePatch(Map<String, String> mergeKeys, String source) {
        this.mergeKeys = mergeKeys;
        this.source = source;
    }

    private static Map<String, String> podMergeKeys() {
        Map<String, String> keys = new HashMap<>();
        keys.put("metadata.ownerReferences", "uid");
        keys.put("spec.volumes", "name");
        keys.put("spec.imagePullSecrets", "name");
        keys.put("spec.hostAliases", "ip");
        keys.put("spec.topologySpreadConstraints", "topologyKey");
        for (String list : List.of("containers", "initContainers", "ephemeralContainers")) {
            String c = "spec." + list;
            keys.put(c, "name");
            keys.put(c + ".env", "name");
            keys.put(c + ".ports", "containerPort");
            keys.put(c + ".volumeMounts", "mountPath");
            keys.put(c + ".volumeDevices", "devicePath");
        }
        return Map.copyOf(keys);
    }

    /** Applies {@code patch} to {@code target} (changed in place where possible); returns the result. */
    static Object apply(Object target, Object patch, Map<String, String> mergeKeys, String source) {
        return new StrategicMergePatch(mergeKeys, source).merge(target, patch, "");
    }

    @SuppressWarnings("unchecked")
    private Object merge(Object target, Object patch, String path) {
        if (!(patch instanceof Map<?, ?> changes)) {
            return Trees.copy(patch);
        }
        Object directive = changes.get(PATCH);
        if ("replace".equals(directive)) {
            Map<String, Object> replaced = (Map<String, Object>) Trees.copy(changes);
            replaced.remove(PATCH);
            return replaced;
        }
        if (directive != null && !"merge".equals(directive)) {
            throw unsupported(path, PATCH + ": " + directive + " on a mapping (expected replace, merge or delete in a list)");
        }
        Map<String, Object> result = target instanceof Map<?, ?> map ? (Map<String, Object>) map : new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : changes.entrySet()) {
            String key = String.valueOf(e.getKey());
            String child = path.isEmpty() ? key : path + "." + key;
            if (key.equals(PATCH)) {
                continue;
            }
            if (key.startsWith("$")) {
                throw unsupported(child, "the directive " + key);
            }
            Object value = e.getValue();
            if (value == null) {
                result.remove(key);
            } else if (value instanceof Map<?, ?> m && "delete".equals(m.get(PATCH))) {
                result.remove(key);
            } else if (value instanceof List<?> list && mergeKeys.containsKey(child)) {
                result.put(key, mergeList(result.get(key) instanceof List<?> l ? (List<Object>) l : new ArrayList<>(),
                        list, child));
            } else {
                result.put(key, merge(result.get(key), value, child));
            }
        }
        return result;
    }

    private List<Object> mergeList(List<Object> original, List<?> patch, String path) {
        String key = mergeKeys.get(path);
        List<Object> result = new ArrayList<>(original);
        if (patch.stream().anyMatch(e -> e instanceof Map<?, ?> m && "replace".equals(m.get(PATCH)) && m.size() == 1)) {
            result.clear();
        }
        for (Object element : patch) {
            if (!(element instanceof Map<?, ?> item)) {
                throw new PatchException(source + ": " + path + ": every element must be a mapping with \"" + key + "\"");
            }
            if (item.size() == 1 && "replace".equals(item.get(PATCH))) {
                continue;
            }
            if (!item.containsKey(key)) {
                throw new PatchException(source + ": " + path + ": an element has no \"" + key + "\", the key the "
                        + "list is merged by");
            }
            int at = indexOf(result, key, item.get(key));
            if ("delete".equals(item.get(PATCH))) {
                if (at >= 0) {
                    result.remove(at);
                }
            } else if (at >= 0) {
                result.set(at, merge(result.get(at), item, path));
            } else {
                result.add(merge(null, item, path));
            }
        }
        return result;
    }

    private static int indexOf(List<Object> list, String key, Object value) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) instanceof Map<?, ?> m && Trees.jsonEquals(m.get(key), value)) {
                return i;
            }
        }
        return -1;
    }

    private PatchException unsupported(String path, String what) {
        return new PatchException(source + ": " + (path.isEmpty() ? "" : path + ": ") + what
                + " is not supported yet in strategic merge patches");
    }
}
